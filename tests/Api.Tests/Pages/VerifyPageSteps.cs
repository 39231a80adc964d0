using Microsoft.Playwright;

namespace Ledger.Api.Tests.Pages;

/// <summary>What the /verify page shows: each step's outcome, by step name, as its list items carry them.</summary>
public static class VerifyPageSteps
{
    public static async Task<IReadOnlyDictionary<string, string>> Outcomes(IPage page)
    {
        await page.Locator("#steps li").First.WaitForAsync();
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in await page.Locator("#steps li").AllAsync())
        {
            outcomes[(await step.GetAttributeAsync("data-step"))!] = (await step.GetAttributeAsync("data-outcome"))!;
        }

        return outcomes;
    }
}
