using System.Text.Json;
using Ledger.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests;

/// <summary>A host of its own database whose clock can be set back, to take steps "days ago" and restart at real time.</summary>
public sealed class ShiftedClockHost(ShiftedClock clock, string database) : ApiFixture
{
    protected override string DatabaseName => database;

    protected override void Configure(IWebHostBuilder web) =>
        web.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));

    /// <summary>
    /// A scheduled message is picked up by Wolverine's durability agent polling its store, so there is no completion to await
    /// from the outside: poll the read model, bounded in time (a minute).
    /// </summary>
    public static async Task<JsonElement?> Eventually(Func<Task<JsonElement?>> probe)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!limit.IsCancellationRequested)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }

        return null;
    }
}
