using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;

namespace Ledger.Api.Incidents;

/// <summary>
/// The city's case rules that are policy, not law (section <c>Cases</c> of configuration): how long after a dispatch a
/// department may still return a case, and how long after closing a dissatisfied callback or the centre reopens it.
/// </summary>
public sealed class CaseRuleOptions
{
    public const string Section = "Cases";

    public TimeLimit ReturnLimit { get; set; } = CaseDecisions.DefaultReturnLimit;

    public TimeLimit ReopenWindow { get; set; } = TimeLimit.Days(5);
}

public static class CaseRuleConfiguration
{
    public static IServiceCollection AddCaseRules(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CaseRuleOptions.Section).Get<CaseRuleOptions>() ?? new CaseRuleOptions();
        if (options.ReturnLimit.Amount < 1 || options.ReopenWindow.Amount < 1)
        {
            throw new InvalidOperationException($"{CaseRuleOptions.Section}: the return limit and the reopen window are 1 or more working hours or days.");
        }

        services.AddSingleton(options);
        return services;
    }
}
