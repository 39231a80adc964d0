// The engine's hosting (Hosting/, the agents and handlers beside their features) is written against the generic host.
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
global using Ledger.Integrity.Checkpoints;
global using Ledger.Integrity.Hosting;
global using Ledger.Integrity.Log;
global using Ledger.Integrity.Storage;
