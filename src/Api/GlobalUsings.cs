// What nearly every endpoint file of the API uses: the caller, the request's validator, the problem a refusal is, the
// endpoint attributes of ASP.NET and Wolverine.Http.
global using System.Security.Claims;
global using FluentValidation;
global using Ledger.Api.Identity;
global using Ledger.Api.Problems;
global using Ledger.Integrity.Anchoring;
global using Ledger.Integrity.Audit;
global using Ledger.Integrity.Checkpoints;
global using Ledger.Integrity.Hosting;
global using Ledger.Integrity.Storage;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Wolverine.Http;
global using Ledger.Api.Hosting;
