using FluentValidation;
using Ledger.Domain.Applications;
using Wolverine;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Applications;

public sealed record SubmitApplicationRequest(string MatterCode, Applicant Applicant, IReadOnlyList<Material> Materials)
{
    public sealed class Validator : AbstractValidator<SubmitApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.MatterCode).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$")
                .WithMessage("A matter code is letters, digits, '.', '_' or '-'.");
            RuleFor(request => request.Applicant).NotNull().SetValidator(new ApplicantValidator());
            RuleFor(request => request.Materials).NotEmpty().WithMessage("An application lists at least one material.");
            RuleForEach(request => request.Materials).NotNull().SetValidator(new MaterialValidator());
        }
    }

    private sealed class ApplicantValidator : AbstractValidator<Applicant>
    {
        public ApplicantValidator()
        {
            RuleFor(applicant => applicant.Kind).IsInEnum();
            RuleFor(applicant => applicant.Name).NotEmpty().MaximumLength(200);
            RuleFor(applicant => applicant.IdentityNumber).NotEmpty().MaximumLength(64);
        }
    }

    private sealed class MaterialValidator : AbstractValidator<Material>
    {
        public MaterialValidator()
        {
            RuleFor(material => material.Name).NotEmpty().MaximumLength(200);
            RuleFor(material => material.Sha256).NotEmpty().Matches("^[0-9a-fA-F]{64}$")
                .WithMessage("A SHA-256 is 64 hexadecimal characters.");
        }
    }
}

public sealed record ApplicationAccepted(Guid Id, string Location);

public static class SubmitApplicationEndpoint
{
    [WolverinePost("/api/applications", OperationId = "submitApplication")]
    [Tags("Applications")]
    [EndpointSummary("Submit an application")]
    [EndpointDescription("Starts an application stream with ApplicationSubmitted. The body is validated field by field; a refused request appends nothing.")]
    [ProducesResponseType<ApplicationAccepted>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(SubmitApplicationRequest request, IMessageBus bus, CancellationToken cancellation)
    {
        var command = new SubmitApplication(Guid.CreateVersion7(), request.MatterCode, request.Applicant, request.Materials);
        await bus.InvokeAsync(command, cancellation);
        var location = "/api/applications/" + command.ApplicationId;
        return Results.Created(location, new ApplicationAccepted(command.ApplicationId, location));
    }
}
