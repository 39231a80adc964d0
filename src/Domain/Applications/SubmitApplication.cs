using Ledger.Domain.Rules;

namespace Ledger.Domain.Applications;

public sealed record SubmitApplication(Guid ApplicationId, string MatterCode, Applicant Applicant, IReadOnlyList<Material> Materials);

public static class SubmitApplicationDecision
{
    public static ApplicationSubmitted Decide(SubmitApplication command, DateTimeOffset now)
    {
        var repeated = command.Materials
            .GroupBy(material => material.Sha256, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new RuleBroken(
                "material-submitted-twice",
                $"The same material (SHA-256 {repeated.Key}) is listed {repeated.Count()} times.");
        }

        var materials = command.Materials
            .Select(material => material with { Sha256 = material.Sha256.ToLowerInvariant() })
            .ToList();
        return new ApplicationSubmitted(command.ApplicationId, command.MatterCode, command.Applicant, materials, now);
    }
}
