using JasperFx;
using Ledger.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
// The host starts only with a configuration it can run on: each problem is one line on standard error, then exit 2.
if (await StartupChecks.ProblemsAsync(builder.Configuration) is { Count: > 0 } problems)
{
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("[ledger] cannot start: " + problem);
    }

    return 2;
}

builder.AddLedger();

var app = builder.Build();
app.MapLedger();

// With arguments, the JasperFx command line is available (e.g. `codegen write`, `db-apply`, `describe`);
// without, the host just runs, quietly (JasperFx's command discovery prints to the console).
if (args.Length == 0)
{
    await app.RunAsync();
    return 0;
}

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, visible to the Alba hosts of the tests.</summary>
public partial class Program;
