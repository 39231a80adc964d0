namespace Ledger.Domain.Identity;

/// <summary>Who did something: the agency (by its unified social credit code) and the officer within it.</summary>
public sealed record Actor(string Agency, string Officer);
