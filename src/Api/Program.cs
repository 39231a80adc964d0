using JasperFx;
using Ledger.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddLedger();

var app = builder.Build();
app.MapLedger();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, visible to the Alba hosts of the tests.</summary>
public partial class Program;
