using System.Security.Claims;
using FluentValidation;
using Ledger.Api.Identity;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record CompleteApplicationRequest(long Version)
{
    public sealed class Validator : AbstractValidator<CompleteApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
        }
    }
}

public static class CompleteApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/completion", OperationId = "completeApplication")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Complete a decided application (办结)")]
    [EndpointDescription("The lead agency closes an approved or denied application.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, CompleteApplicationRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        ApplicationCommands.Send(id, new CompleteApplication(id, request.Version, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public static class CompleteApplicationHandler
{
    /// <summary>A completed part of a bundle asks its bundle to check whether every part is now complete.</summary>
    [AggregateHandler]
    public static (Events, OutgoingMessages) Handle(CompleteApplication command, Application application, TimeProvider time)
    {
        var bundle = new OutgoingMessages();
        if (application.BundleId is { } bundleId)
        {
            bundle.Add(new Ledger.Domain.Bundles.CheckBundleCompletion(bundleId));
        }

        return ([ApplicationDecisions.Decide(application, command, time.GetUtcNow())], bundle);
    }
}
