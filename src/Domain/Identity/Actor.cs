namespace Ledger.Domain.Identity;

/// <summary>Who did something: the agency (by its unified social credit code) and the officer within it.</summary>
public sealed record Actor(string Agency, string Officer);

/// <summary>An event recording something an officer did: who did it.</summary>
public interface IDoneBy
{
    Actor By { get; }
}
