using Ledger.Api.Applications;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Domain.Rules;
using Ledger.Integrity.Privacy;
using Marten;
using Npgsql;

namespace Ledger.Api.Privacy;

/// <summary>A party as an entitled caller sees it: values from the vault, or why they are not shown.</summary>
public sealed record PartyView(ApplicantKind Kind, string? Name, string? IdentityNumber, string? Phone, Guid? Subject, bool Erased, bool Restricted);

/// <summary>
/// Where personal values cross between the API and the vault. Recording seals a person's values into the vault inside the
/// Marten session's own transaction, so a refused command writes nothing there and an accepted one stores its values and
/// its events together; revealing opens them for a caller the endpoint has found entitled, and every disclosure of a
/// person's values is appended to the log as <see cref="PersonalDataDisclosed"/>.
/// </summary>
public sealed class PersonalData(PersonalDataVault vault, IDocumentStore store, TimeProvider time)
{
    public async Task<PartyOnRecord> RecordAsync(IDocumentSession session, Applicant applicant, CancellationToken cancellation) =>
        (await PartyAsync(session, applicant, cancellation)).Party;

    /// <summary>A certificate's content as it is recorded: for a person holder, name, identity number, every field value and the nonce go to the vault.</summary>
    public async Task<CertificateOnRecord> RecordAsync(IDocumentSession session, CertificateContent content, CancellationToken cancellation)
    {
        if (content.Holder.Kind == ApplicantKind.Enterprise)
        {
            return CertificateOnRecord.ForEnterprise(content);
        }

        var (holder, vaulted) = await PartyAsync(session, new Applicant(content.Holder.Kind, content.Holder.Name, content.Holder.IdentityNumber), cancellation);
        var (connection, subject) = vaulted!.Value;

        var fields = new Dictionary<string, Recorded>(StringComparer.Ordinal);
        foreach (var (name, value) in content.Fields)
        {
            fields[name] = await SealAsync(connection, subject, "fields." + name, value.Normalize(System.Text.NormalizationForm.FormC), cancellation);
        }

        return new CertificateOnRecord(content.Identifier, content.Type, content.Issuer, holder, fields, content.ValidFrom, content.ValidUntil,
            await SealAsync(connection, subject, "nonce", content.Nonce, cancellation));
    }

    /// <summary>Free text a party writes: sealed under the party's subject when the party is a person, in the clear otherwise.</summary>
    public async Task<Recorded> RecordTextAsync(IDocumentSession session, PartyOnRecord writer, string field, string text, CancellationToken cancellation)
    {
        if (writer.Subject is not { } subjectId)
        {
            return Recorded.InClear(text);
        }

        var connection = await TransactionOf(session, cancellation);
        var subject = await vault.SubjectByIdAsync(connection, subjectId, cancellation)
            ?? throw new RuleBroken("subject-erased", "The applicant's personal data was erased; nothing more is recorded for them.");
        Unrestricted(subject);
        return await SealAsync(connection, subject, field, text.Normalize(System.Text.NormalizationForm.FormC), cancellation);
    }

    /// <summary>
    /// Values of a person known by a contact rather than an identity number (a citizen reporting through a city app), sealed
    /// under one subject: the subject the vault keeps for <paramref name="contact"/> ("email:…" or "phone:…"), or, when
    /// there is none, a subject of their own that nothing else leads to. The references come back in the order given.
    /// </summary>
    public async Task<IReadOnlyList<Recorded>> RecordForContactAsync(
        IDocumentSession session, string? contact, IReadOnlyList<(string Field, string Value)> values, CancellationToken cancellation)
    {
        var connection = await TransactionOf(session, cancellation);
        // The lookup key space of identity numbers cannot meet these: no identity number has a colon.
        var subject = await vault.SubjectForAsync(connection, contact is null ? "unlinked:" + Guid.NewGuid().ToString("N") : "contact:" + contact, cancellation);
        Unrestricted(subject);
        var sealedValues = new List<Recorded>(values.Count);
        foreach (var (field, value) in values)
        {
            sealedValues.Add(await SealAsync(connection, subject, field, value.Normalize(System.Text.NormalizationForm.FormC), cancellation));
        }

        return sealedValues;
    }

    /// <summary>A party's values, to open with <see cref="RevealAsync"/> together with any others the caller needs.</summary>
    public static IReadOnlyList<Recorded> ValuesOf(PartyOnRecord party) =>
        party.Phone is null ? [party.Name, party.IdentityNumber] : [party.Name, party.IdentityNumber, party.Phone];

    /// <summary>The party as an entitled caller sees it, from values opened by <see cref="RevealAsync"/>.</summary>
    public static PartyView ViewOf(PartyOnRecord party, IReadOnlyDictionary<Recorded, Revealed> opened)
    {
        var name = opened[party.Name];
        return new PartyView(party.Kind, name.Value, opened[party.IdentityNumber].Value, party.Phone is null ? null : opened[party.Phone].Value,
            party.Subject, name.Erased, name.Restricted);
    }

    /// <summary>Opens sealed values (values in the clear are returned as they are).</summary>
    public async Task<IReadOnlyDictionary<Recorded, Revealed>> RevealAsync(IReadOnlyCollection<Recorded> values, CancellationToken cancellation)
    {
        var references = values.Where(value => value.IsPersonal).Select(value => new SealedReference(value.Subject!.Value, value.Commitment!)).Distinct().ToList();
        var opened = references.Count == 0 ? new Dictionary<SealedReference, Revealed>() : await vault.RevealAsync(references, cancellation);
        return values.Distinct().ToDictionary(
            value => value,
            value => value.IsPersonal ? opened[new SealedReference(value.Subject!.Value, value.Commitment!)] : new Revealed(value.Value, false, false));
    }

    /// <summary>Records that <paramref name="by"/> was shown <paramref name="fields"/> of <paramref name="subject"/>'s data in <paramref name="record"/>.</summary>
    public async Task RecordDisclosureAsync(Guid subject, string record, IReadOnlyList<string> fields, string purpose, Actor by, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        // Each disclosure is a stream of its own: readers never contend with each other or with the record they read.
        session.Events.StartStream(Guid.CreateVersion7(), new PersonalDataDisclosed(subject, record, fields, purpose, by, time.GetUtcNow()));
        await session.SaveChangesAsync(cancellation);
    }

    private async Task<(PartyOnRecord Party, (NpgsqlConnection Connection, VaultSubject Subject)? Vaulted)> PartyAsync(IDocumentSession session, Applicant applicant, CancellationToken cancellation)
    {
        if (applicant.Kind == ApplicantKind.Enterprise)
        {
            return (PartyOnRecord.Enterprise(applicant.Name, applicant.IdentityNumber), null);
        }

        var connection = await TransactionOf(session, cancellation);
        var subject = await vault.SubjectForAsync(connection, ResidentIdentityNumber.Normalise(applicant.IdentityNumber), cancellation);
        Unrestricted(subject);
        var party = new PartyOnRecord(
            applicant.Kind,
            await SealAsync(connection, subject, "name", PersonName.Normalise(applicant.Name), cancellation),
            await SealAsync(connection, subject, "identityNumber", ResidentIdentityNumber.Normalise(applicant.IdentityNumber), cancellation))
        {
            Phone = applicant.Phone is { } phone ? await SealAsync(connection, subject, "phone", PhoneNumber.Normalise(phone), cancellation) : null,
        };
        return (party, (connection, subject));
    }

    private void Unrestricted(VaultSubject subject)
    {
        if (subject.RestrictedUntil is { } until && until >= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            throw new RuleBroken("processing-restricted",
                $"This person's data is under a retention hold until {until:yyyy-MM-dd}: it is only stored until then, and nothing new is recorded for them.");
        }
    }

    private async Task<Recorded> SealAsync(NpgsqlConnection connection, VaultSubject subject, string field, string value, CancellationToken cancellation) =>
        Recorded.Sealed(subject.Id, await vault.StoreAsync(connection, subject, field, value, cancellation));

    /// <summary>The session's connection inside its transaction (started here if it was not yet): vault writes commit or roll back with the events.</summary>
    private static async Task<NpgsqlConnection> TransactionOf(IDocumentSession session, CancellationToken cancellation)
    {
        await session.BeginTransactionAsync(cancellation);
        return session.Connection ?? throw new InvalidOperationException("The Marten session has no open connection after beginning its transaction.");
    }
}
