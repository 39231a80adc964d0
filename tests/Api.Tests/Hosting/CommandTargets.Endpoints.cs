using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Incidents;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;

namespace Ledger.Api.Tests.Hosting;

public sealed partial class CommandTargets
{
    private static readonly string[] CaseSteps =
    [
        "registration", "non-registration", "merger", "dispatches", "joint-handling", "acceptance", "returns", "extension-requests",
        "extension-approval", "extension-refusal", "hold-requests", "hold-approval", "hold-refusal", "resumption", "handling",
        "verifications", "closing", "callbacks", "reopening", "supervision",
    ];

    /// <summary>The stage each case command needs, and the command that reaches each stage from the one before.</summary>
    private static readonly Dictionary<string, (string Stage, string Previous, string Step)> Stages = new(StringComparer.Ordinal)
    {
        ["Registered"] = ("Registered", "Reported", "registration"),
        ["Dispatched"] = ("Dispatched", "Registered", "dispatches"),
        ["InHandling"] = ("InHandling", "Dispatched", "acceptance"),
        ["ExtensionRequested"] = ("ExtensionRequested", "InHandling", "extension-requests"),
        ["HoldRequested"] = ("HoldRequested", "InHandling", "hold-requests"),
        ["OnHold"] = ("OnHold", "HoldRequested", "hold-approval"),
        ["Handled"] = ("Handled", "InHandling", "handling"),
        ["Verified"] = ("Verified", "Handled", "verifications"),
        ["Closed"] = ("Closed", "Verified", "closing"),
    };

    private static object Material(string content = "申请书") => new { name = "申请书", sha256 = Requests.Sha256Of(content) };

    private static object Person() => new { kind = "Person", name = "李梅", identityNumber = City.NewResidentIdentityNumber(), phone = "13800138000" };

    private IEnumerable<CommandEndpoint> CatalogueEndpoints()
    {
        yield return new("/api/agencies", admin, Fixed("/api/agencies", () => new { creditCode = City.NewAgencyCode(), name = "上海市黄浦区城管执法局", district = "黄浦", certificateTypes = new[] { "CGZF" } }));
        yield return new("/api/agencies/{creditCode}/seal-keys", Officer(housing), On($"/api/agencies/{housing}/seal-keys", StreamIds.ForAgency(housing), () =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return SealKeyBody(NewKeyId(), key, 1);
        }));
        yield return new("/api/agencies/{creditCode}/seal-keys/{keyId}/retirement", Officer(housing), async () =>
        {
            var keyId = NewKeyId();
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await SealKey(housing, keyId, key);
            return new Target($"/api/agencies/{housing}/seal-keys/{keyId}/retirement", StreamIds.ForAgency(housing), () => Json(new { version = 1L, reason = "密钥轮换" }));
        });
        yield return new("/api/matters", admin, Fixed("/api/matters", () => new { code = City.NewMatterCode(), definition = MatterDefinition() }));
        yield return new("/api/matters/{code}/revisions", admin, On($"/api/matters/{revisedMatter}/revisions", StreamIds.ForMatter(revisedMatter), () => new { version = 1L, definition = MatterDefinition() }));
        yield return new("/api/incidents/categories", admin, Fixed("/api/incidents/categories", () => new { code = $"ROAD-{RandomNumberGenerator.GetInt32(100_000, 999_999)}", definition = CategoryDefinition() }));
        yield return new("/api/incidents/categories/{code}/revisions", admin, On($"/api/incidents/categories/{revisedCategory}/revisions", Category.StreamId(revisedCategory), () => new { version = 1L, definition = CategoryDefinition() }));
        yield return new("/api/open311/keys", admin, Fixed("/api/open311/keys", () => new { channel = "12345 热线", source = "Hotline12345" }));
        yield return new("/api/privacy/erasures", privacyOfficer, async () =>
        {
            var reporter = Person();
            await CaseAt("Reported", caller: reporter);
            var identityNumber = JsonSerializer.SerializeToElement(reporter, Wire).GetProperty("identityNumber").GetString();
            return new Target("/api/privacy/erasures", null, () => Json(new { identityNumber, legalBasis = "consent-withdrawn", note = "本人申请" }));
        });
    }

    private IEnumerable<CommandEndpoint> ApplicationEndpoints()
    {
        yield return new("/api/applications", Portal, Fixed("/api/applications", () => new { matterCode = matter, applicant = Person(), materials = new[] { Material() } }));
        yield return new("/api/bundles", Portal, Fixed("/api/bundles", () => new { name = "开办餐饮店", applicant = Person(), parts = new[] { new { matterCode = matter, materials = new[] { Material() } }, new { matterCode = otherMatter, materials = new[] { Material("另一份申请书") } } } }));
        yield return ApplicationStep("acceptance", "Submitted", Officer(market), () => new { version = 1L });
        yield return ApplicationStep("rejection", "Submitted", Officer(market), () => new { version = 1L, reason = "材料不符合法定形式" });
        yield return ApplicationStep("supplement-requests", "Submitted", Officer(market), () => new { version = 1L, missingMaterials = new[] { "申请书" }, note = "请补充盖章页" });
        yield return ApplicationStep("withdrawal", "Submitted", Portal, () => new { version = 1L, reason = "申请人撤回" });
        yield return ApplicationStep("supplements", "SupplementRequested", Portal, () => new { version = 1L, materials = new[] { Material("补正后的申请书") } });
        yield return ApplicationStep("approvals", "Accepted", Officer(market), () => new { version = 1L, opinion = "同意" });
        yield return ApplicationStep("denials", "Accepted", Officer(market), () => new { version = 1L, reason = "不符合设置规范" });
        yield return ApplicationStep("completion", "Approved", Officer(market), () => new { version = 1L });
    }

    private CommandEndpoint ApplicationStep(string step, string stage, string token, Func<object> body) =>
        new($"/api/applications/{{id}}/{step}", token, async () =>
        {
            var id = await ApplicationAt(stage);
            return new Target($"/api/applications/{id}/{step}", id, () => Json(body()));
        });

    private async Task<Guid> ApplicationAt(string stage)
    {
        var status = (await api.Expect("/api/applications", new { matterCode = matter, applicant = Person(), materials = new[] { Material() } }, Portal, 201)).GetProperty("status");
        var at = $"/api/applications/{status.Id()}/";
        status = stage switch
        {
            "Submitted" => status,
            "SupplementRequested" => await api.Expect(at + "supplement-requests", new { version = status.Version(), missingMaterials = new[] { "申请书" }, note = "请补充" }, Officer(market), 200),
            _ => await api.Expect(at + "acceptance", new { version = status.Version() }, Officer(market), 200),
        };
        if (string.Equals(stage, "Approved", StringComparison.Ordinal))
        {
            await api.Expect(at + "approvals", new { version = status.Version(), opinion = "同意" }, Officer(market), 200);
        }

        return status.Id();
    }

    private IEnumerable<CommandEndpoint> CertificateEndpoints()
    {
        yield return new("/api/certificates", Officer(market), Fixed("/api/certificates", () =>
        {
            var content = Content();
            return new { applicationId = (Guid?)null, content, seal = Seal.Sign(content.Hash(), "seal-2026", seal) };
        }));
        yield return new("/api/certificates/{id}/renewal", Officer(market), async () =>
        {
            var (id, content) = await Certificate();
            CertificateIdentifier.TryParse(content.Identifier, out var parts).ShouldBeTrue();
            return new Target($"/api/certificates/{id}/renewal", id, () =>
            {
                var renewed = Content(parts.Serial, version: 2, holder: content.Holder.IdentityNumber);
                return Json(new { version = 1L, content = renewed, seal = Seal.Sign(renewed.Hash(), "seal-2026", seal) });
            });
        });
        yield return CertificateStep("revocation", Officer(market), suspended: false, () => new { version = 1L, reason = "以欺骗手段取得" });
        yield return CertificateStep("suspension", Officer(market), suspended: false, () => new { version = 1L, reason = "涉嫌违法经营, 立案调查" });
        yield return CertificateStep("reinstatement", Officer(market), suspended: true, () => new { version = 1L, reason = "调查结束" });
        yield return CertificateStep("consents", Portal, suspended: false, () => new { version = 1L, agency = housing, purpose = "装修备案核验", until = DateTimeOffset.UtcNow.AddDays(30) });
        yield return new("/api/certificates/{id}/consents/{consentId}/withdrawal", Portal, async () =>
        {
            var (id, consentId) = await Consented();
            return new Target($"/api/certificates/{id}/consents/{consentId}/withdrawal", id, () => Json(new { version = 1L }));
        });
        yield return new("/api/certificates/{id}/uses", Officer(housing), async () =>
        {
            var (id, consentId) = await Consented();
            return new Target($"/api/certificates/{id}/uses", id, () => Json(new { version = 1L, consentId, purpose = "装修备案核验" }));
        });
        yield return new("/api/verify/certificate", null, async () =>
        {
            var (id, _) = await Certificate();
            var document = JsonNode.Parse((await api.Expect($"/api/certificates/{id}/document", null, Portal, 200)).GetRawText())!.AsObject();
            return new Target("/api/verify/certificate", null, () => document.DeepClone().AsObject());
        });
    }

    private CommandEndpoint CertificateStep(string step, string token, bool suspended, Func<object> body) =>
        new($"/api/certificates/{{id}}/{step}", token, async () =>
        {
            var (id, _) = await Certificate();
            if (suspended)
            {
                await api.Expect($"/api/certificates/{id}/suspension", new { version = await api.StreamVersion(id), reason = "调查" }, Officer(market), 200);
            }

            return new Target($"/api/certificates/{id}/{step}", id, () => Json(body()));
        });

    private CertificateContent Content(string? serial = null, int version = 1, string? holder = null) =>
        City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", holder ?? City.NewEnterpriseCode(), version, serial);

    private async Task<(Guid Id, CertificateContent Content)> Certificate()
    {
        var content = Content();
        var record = await api.Expect("/api/certificates", new { applicationId = (Guid?)null, content, seal = Seal.Sign(content.Hash(), "seal-2026", seal) }, Officer(market), 201);
        return (record.Id(), content);
    }

    private async Task<(Guid Id, Guid ConsentId)> Consented()
    {
        var (id, _) = await Certificate();
        var record = await api.Expect($"/api/certificates/{id}/consents", new { version = await api.StreamVersion(id), agency = housing, purpose = "装修备案核验", until = DateTimeOffset.UtcNow.AddDays(30) }, Portal, 200);
        return (id, record.GetProperty("consents")[0].GetProperty("consentId").GetGuid());
    }

    private IEnumerable<CommandEndpoint> CaseEndpoints()
    {
        yield return new("/api/cases", hotline, Fixed("/api/cases", () => CityOperations.Report(category, "Hotline12345", reporter: Person())));
        yield return new("/api/cases (grid inspector)", inspector, Fixed("/api/cases", () => CityOperations.Report(category)));
    }

    private IEnumerable<CommandEndpoint> CaseStepEndpoints() =>
        CaseSteps.Select(step => new CommandEndpoint($"/api/cases/{{id}}/{step}", CaseStep(step).Token, async () =>
        {
            var id = await CaseAt(StageFor(step), caller: string.Equals(step, "callbacks", StringComparison.Ordinal) ? Person() : null);
            return new Target($"/api/cases/{id}/{step}", id, () => Json(CaseStep(step).Body()));
        }));

    private static string StageFor(string step) => step switch
    {
        "registration" or "non-registration" or "merger" => "Reported",
        "dispatches" => "Registered",
        "joint-handling" or "acceptance" or "returns" => "Dispatched",
        "extension-approval" or "extension-refusal" => "ExtensionRequested",
        "hold-approval" or "hold-refusal" => "HoldRequested",
        "resumption" => "OnHold",
        "verifications" => "Handled",
        "closing" => "Verified",
        "callbacks" or "reopening" => "Closed",
        _ => "InHandling",
    };

    private (string Token, Func<Dictionary<string, object?>> Body) CaseStep(string step) => step switch
    {
        "dispatches" => (centre, () => Versioned(("department", roads))),
        "merger" => (centre, () => Versioned(("originalCaseId", openCase))),
        "joint-handling" => (centre, () => Versioned(("lead", roads), ("supporting", new[] { parks }))),
        "acceptance" => (Officer(roads), () => Versioned()),
        "returns" or "hold-requests" => (Officer(roads), () => Versioned(("reason", "不属本部门职责"))),
        "extension-requests" => (Officer(roads), () => Versioned(("reason", "需定制路面砖"), ("extraWorkingDays", 2))),
        "handling" => (Officer(roads), () => Versioned(("result", "已更换路面砖"), ("evidence", new[] { Requests.Sha256Of("after") }))),
        "verifications" => (inspector, () => Versioned(("result", "Passed"), ("note", "已平整"), ("evidence", new[] { Requests.Sha256Of("site") }))),
        "callbacks" => (hotline, () => Versioned(("satisfaction", "Satisfied"), ("note", "已解决"))),
        "registration" or "extension-approval" or "hold-approval" or "resumption" or "closing" => (centre, () => Versioned()),
        _ => (centre, () => Versioned(("reason", "重复上报"))),
    };

    private static Dictionary<string, object?> Versioned(params (string Name, object? Value)[] fields) =>
        new[] { ("version", (object?)1L) }.Concat(fields).ToDictionary(field => field.Item1, field => field.Item2, StringComparer.Ordinal);

    /// <summary>A case reported (from the hotline with <paramref name="caller"/> as the caller, else by an inspector) and taken to <paramref name="stage"/>.</summary>
    private async Task<Guid> CaseAt(string stage, object? caller = null)
    {
        if (!Stages.TryGetValue(stage, out var reached))
        {
            var report = caller is null ? CityOperations.Report(category) : CityOperations.Report(category, "Hotline12345", reporter: caller);
            return (await api.Expect("/api/cases", report, caller is null ? inspector : hotline, 201)).GetProperty("status").Id();
        }

        var id = await CaseAt(reached.Previous, caller);
        var (token, body) = CaseStep(reached.Step);
        var fields = body();
        fields["version"] = await api.StreamVersion(id);
        await api.Expect($"/api/cases/{id}/{reached.Step}", fields, token, 200);
        return id;
    }

    private static string NewKeyId() => "seal-" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999);
}
