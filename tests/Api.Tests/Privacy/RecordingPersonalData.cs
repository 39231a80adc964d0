using System.Text.Json;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Marten;
using Npgsql;

namespace Ledger.Api.Tests.Privacy;

/// <summary>How a person's values enter the ledger and come back out: sealed into the vault, shown to the entitled, refused whole when invalid.</summary>
[Collection(ApiCollection.Name)]
public class RecordingPersonalData(ApiFixture fixture)
{
    private static object Person(string matter, string name, string identityNumber, string? phone = null) => new
    {
        matterCode = matter,
        applicant = new { kind = "Person", name, identityNumber, phone },
        materials = new[] { new { name = "申请书", sha256 = Requests.Sha256Of(identityNumber + matter) } },
    };

    private async Task<(City City, string Market, string Matter)> CityWithAMatter()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        return (city, market, await city.PublishMatter("个体工商户登记", market, []));
    }

    private async Task<long> VaultValues()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select (select count(*) from ledger.vault_values) + (select count(*) from ledger.vault_subjects)", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData("12345", "18 characters")]
    [InlineData("310101199002301234", "date of birth")]
    [InlineData("310101199001011235", "check character")]
    public async Task a_person_with_an_invalid_identity_number_is_refused_and_nothing_is_written(string identityNumber, string why)
    {
        var (city, _, matter) = await CityWithAMatter();
        var events = await fixture.Store.EventCount();
        var vault = await VaultValues();

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Person(matter, "王小二", identityNumber), city.PortalToken, 400);

        problem.GetProperty("code").GetString().ShouldBe("validation-failed");
        var errors = problem.GetProperty("errors");
        var field = errors.EnumerateObject().Single(error => error.Name.EndsWith("identityNumber", StringComparison.OrdinalIgnoreCase));
        field.Value[0].GetString().ShouldNotBeNull().ShouldContain(why);
        problem.GetRawText().ShouldNotContain(identityNumber);
        (await fixture.Store.EventCount()).ShouldBe(events);
        (await VaultValues()).ShouldBe(vault);
    }

    [Theory]
    [InlineData("1391234567")]
    [InlineData("call me")]
    public async Task a_phone_in_another_format_is_refused(string phone)
    {
        var (city, _, matter) = await CityWithAMatter();

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Person(matter, "王小二", City.NewResidentIdentityNumber(), phone), city.PortalToken, 400);

        problem.GetProperty("errors").EnumerateObject().ShouldContain(error => error.Name.EndsWith("phone", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task a_submission_refused_by_a_rule_writes_nothing_to_the_vault()
    {
        var (city, _, _) = await CityWithAMatter();
        var vault = await VaultValues();

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Person("310000-NO-SUCH-MATTER", "王小二", City.NewResidentIdentityNumber()), city.PortalToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("matter-unknown");
        (await VaultValues()).ShouldBe(vault);
    }

    [Fact]
    public async Task a_person_applying_twice_is_one_subject_and_their_values_are_only_commitments_in_the_events()
    {
        var (city, market, matter) = await CityWithAMatter();
        var identityNumber = City.NewResidentIdentityNumber();

        var first = (await city.Send(HttpMethod.Post, "/api/applications", Person(matter, "李Zoe\u0301", identityNumber), city.PortalToken, 201)).GetProperty("status");
        var second = (await city.Send(HttpMethod.Post, "/api/applications", Person(matter, "李Zoé", identityNumber.ToLowerInvariant()), city.PortalToken, 201)).GetProperty("status");

        var subject = first.GetProperty("applicant").GetProperty("identityNumber").GetProperty("subject").GetGuid();
        second.GetProperty("applicant").GetProperty("identityNumber").GetProperty("subject").GetGuid().ShouldBe(subject);
        first.GetProperty("applicant").GetProperty("name").TryGetProperty("value", out _).ShouldBeFalse();
        await using var session = fixture.Store.QuerySession();
        var stored = await session.QueryAsync<string>("select data::text from ledger.mt_events where stream_id = ?", CancellationToken.None, first.Id());
        stored.Single().ShouldNotContain(identityNumber);
        stored.Single().ShouldNotContain("Zo");
        var read = await city.Send(HttpMethod.Get, $"/api/applications/{first.Id()}", null, city.OfficerOf(market), 200);
        read.GetProperty("applicant").GetProperty("name").GetString().ShouldBe("李Zoé");
    }

    [Fact]
    public async Task an_enterprise_stays_in_the_clear_and_reading_it_discloses_nothing()
    {
        var (city, market, matter) = await CityWithAMatter();
        var submitted = await city.Submit(matter, ("申请书", Requests.Sha256Of(matter)));

        var read = await city.Send(HttpMethod.Get, $"/api/applications/{submitted.Id()}", null, city.OfficerOf(market), 200);

        submitted.GetProperty("applicant").GetProperty("name").GetProperty("value").GetString().ShouldBe("上海小笼包餐饮有限公司");
        read.GetProperty("applicant").GetProperty("name").GetString().ShouldBe("上海小笼包餐饮有限公司");
        var disclosures = await city.Send(HttpMethod.Get, $"/api/privacy/disclosures?record=application/{submitted.Id()}", null, city.AdminToken, 200);
        disclosures.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_persons_withdrawal_reason_is_their_own_words_and_goes_to_the_vault()
    {
        var (city, market, matter) = await CityWithAMatter();
        var status = (await city.Send(HttpMethod.Post, "/api/applications", Person(matter, "钱七", City.NewResidentIdentityNumber()), city.PortalToken, 201)).GetProperty("status");

        var withdrawn = await city.Send(HttpMethod.Post, $"/api/applications/{status.Id()}/withdrawal", new { version = 1, reason = "我搬去北京照顾母亲" }, city.PortalToken, 200);

        withdrawn.GetProperty("reason").ValueKind.ShouldBe(JsonValueKind.Null);
        withdrawn.GetProperty("withdrawalReason").GetProperty("commitment").GetString().ShouldNotBeNull().Length.ShouldBe(64);
        withdrawn.GetRawText().ShouldNotContain("北京");
        var read = await city.Send(HttpMethod.Get, $"/api/applications/{status.Id()}", null, city.OfficerOf(market), 200);
        read.GetProperty("withdrawalReason").GetString().ShouldBe("我搬去北京照顾母亲");
    }

    [Fact]
    public async Task a_vault_value_changed_behind_the_api_is_never_shown_and_says_so()
    {
        var (city, market, matter) = await CityWithAMatter();
        var status = (await city.Send(HttpMethod.Post, "/api/applications", Person(matter, "吴十", City.NewResidentIdentityNumber()), city.PortalToken, 201)).GetProperty("status");
        var commitment = Convert.FromHexString(status.GetProperty("applicant").GetProperty("name").GetProperty("commitment").GetString()!);
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("update ledger.vault_values set ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) where commitment = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = commitment } },
            };
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var problem = await city.Send(HttpMethod.Get, $"/api/applications/{status.Id()}", null, city.OfficerOf(market), 500);

        problem.GetProperty("code").GetString().ShouldBe("personal-data-integrity");
        problem.GetRawText().ShouldNotContain("吴十");
        fixture.Logs.Entries.ShouldContain(entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Critical && entry.Message.Contains("integrity check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task only_privacy_officers_and_administrators_erase_and_an_unknown_person_is_not_found()
    {
        var (city, market, _) = await CityWithAMatter();
        var body = new { identityNumber = City.NewResidentIdentityNumber(), legalBasis = "purpose-achieved" };
        var privacyOfficer = fixture.TokenFor(new Actor("11310000MB2F00001C", "privacy.sun"), Roles.PrivacyOfficer);

        await city.Send(HttpMethod.Post, "/api/privacy/erasures", body, city.OfficerOf(market), 403);
        var problem = await city.Send(HttpMethod.Post, "/api/privacy/erasures", body, privacyOfficer, 404);
        var badBasis = await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { body.identityNumber, legalBasis = "because" }, privacyOfficer, 400);

        problem.GetProperty("code").GetString().ShouldBe("subject-not-found");
        badBasis.GetRawText().ShouldNotContain(body.identityNumber);
    }

    [Fact]
    public async Task an_identity_number_that_is_also_a_valid_credit_code_is_looked_up_as_a_persons_and_not_by_just_anyone()
    {
        var (city, market, _) = await CityWithAMatter();
        var both = City.NewResidentIdentityNumber();
        while (!Ledger.Domain.Agencies.UnifiedSocialCreditCode.IsValid(both))
        {
            both = City.NewResidentIdentityNumber();
        }

        var refused = await city.Send(HttpMethod.Get, $"/api/certificates?holder={both}", null, city.OfficerOf(market), 403);
        await city.Send(HttpMethod.Get, $"/api/certificates?holder={both}", null, city.PortalToken, 200);

        refused.GetProperty("code").GetString().ShouldBe("forbidden");
    }

    [Fact]
    public async Task a_persons_certificate_document_is_for_the_entitled_only()
    {
        var (city, market, _) = await CityWithAMatter();
        var issuer = await city.RegisterAgency("上海市人力资源和社会保障局", "黄浦", "ZYZG");
        using var seal = await city.RegisterSealKey(issuer);
        var content = City.CertificateFor("ZYZG", issuer, "孙八", City.NewResidentIdentityNumber(), holderKind: Ledger.Domain.Applications.ApplicantKind.Person);
        var issued = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(issuer), 201);

        var registry = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}", null, city.OfficerOf(market), 200);
        await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.OfficerOf(market), 403);
        var document = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.PortalToken, 200);
        var found = await city.Send(HttpMethod.Get, $"/api/certificates?holder={content.Holder.IdentityNumber}", null, city.PortalToken, 200);
        await city.Send(HttpMethod.Get, $"/api/certificates?holder={content.Holder.IdentityNumber}", null, city.OfficerOf(market), 403);

        registry.GetRawText().ShouldNotContain(content.Holder.IdentityNumber);
        registry.GetRawText().ShouldNotContain(content.Nonce);
        document.GetProperty("contentHash").GetString().ShouldBe(content.Hash());
        document.GetProperty("content").GetProperty("nonce").GetString().ShouldBe(content.Nonce);
        found.EnumerateArray().Select(view => view.GetProperty("record").GetProperty("id").GetGuid()).ShouldBe([issued.Id()]);
    }
}
