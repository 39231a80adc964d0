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

public sealed record RejectApplicationRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<RejectApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.Reason).IsReason();
        }
    }
}

public static class RejectApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/rejection", OperationId = "rejectApplication")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Do not accept an application (不予受理)")]
    [EndpointDescription("The lead agency refuses to accept the application, with its reason.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RejectApplicationRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        ApplicationCommands.Send(id, new RejectApplication(id, request.Version, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public static class RejectApplicationHandler
{
    [AggregateHandler]
    public static ApplicationNotAccepted Handle(RejectApplication command, Application application, TimeProvider time) =>
        ApplicationDecisions.Decide(application, command, time.GetUtcNow());
}
