using Ledger.Api.Privacy;
using Ledger.Domain.Certificates;
using Ledger.Domain.Privacy;
using Ledger.Projections.Certificates;

namespace Ledger.Api.Certificates;

/// <summary>The document a holder received, put back together from the registry's record and, for a person, the vault.</summary>
public static class CertificateDocuments
{
    /// <summary>No document when any of the holder's values was erased or is under restriction: the registry alone cannot make it.</summary>
    public static async Task<(CertificateDocument? Document, bool Restricted)> OpenAsync(CertificateRecord record, PersonalData personalData, CancellationToken cancellation)
    {
        var content = record.Content;
        Recorded[] values = [content.Holder.Name, content.Holder.IdentityNumber, content.Nonce, .. content.Fields.Values];
        var opened = await personalData.RevealAsync(values, cancellation);
        if (opened.Values.Any(value => value.Value is null))
        {
            return (null, opened.Values.Any(value => value.Restricted));
        }

        var holder = new Holder(content.Holder.Kind, opened[content.Holder.Name].Value!, opened[content.Holder.IdentityNumber].Value!);
        var fields = content.Fields.ToDictionary(field => field.Key, field => opened[field.Value].Value!, StringComparer.Ordinal);
        return (new CertificateDocument(
            new CertificateContent(content.Identifier, content.Type, content.Issuer, holder, fields, content.ValidFrom, content.ValidUntil, opened[content.Nonce].Value!),
            record.ContentHash, record.Seal), false);
    }

    public static IReadOnlyList<string> FieldsOf(CertificateOnRecord content) =>
        ["name", "identityNumber", "nonce", .. content.Fields.Keys.Select(name => "fields." + name)];
}
