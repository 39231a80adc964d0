using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Api.Hosting;

/// <summary>
/// Every string in a JSON request body (values and property names) reaches the endpoint in Unicode Normalization Form C,
/// so that a name typed on two keyboards ("é" as one code point, or as "e" and a combining accent) is one value in the
/// record, its commitments and its searches; signatures over request text are therefore checked over its NFC form. Text
/// that is not Unicode (a lone surrogate) or carries a control character other than tab, line feed and carriage return is
/// refused (400 <c>malformed-request</c>) before any endpoint sees it. A body that is not JSON is left to the endpoint,
/// which refuses it in its own words.
/// </summary>
public sealed class NormalisedRequestText(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.HasJsonContentType() is false)
        {
            await next(context);
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        byte[]? normalised;
        try
        {
            normalised = Normalised(body);
        }
        catch (RefusedText refused)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Results.Problem(Problem.Create(StatusCodes.Status400BadRequest, Problem.MalformedRequest, "The request holds text that is not accepted.",
                refused.Message + " Nothing was recorded.")).ExecuteAsync(context);
            return;
        }

        request.Body = new MemoryStream(normalised ?? body, writable: false);
        request.ContentLength = (normalised ?? body).Length;
        await next(context);
    }

    /// <summary>The body with every string in NFC, or null when it needs no change or is not JSON at all.</summary>
    private static byte[]? Normalised(byte[] body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = LedgerServices.MaxJsonDepth * 2 });
        using var output = new MemoryStream(body.Length);
        using var writer = new Utf8JsonWriter(output);
        var changed = false;
        try
        {
            while (reader.Read())
            {
                changed |= Copy(ref reader, writer);
            }
        }
        catch (JsonException)
        {
            return null;
        }

        writer.Flush();
        return changed ? output.ToArray() : null;
    }

    /// <summary>Writes the reader's token; true if it was text that normalisation changed.</summary>
    private static bool Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); return false;
            case JsonTokenType.EndObject: writer.WriteEndObject(); return false;
            case JsonTokenType.StartArray: writer.WriteStartArray(); return false;
            case JsonTokenType.EndArray: writer.WriteEndArray(); return false;
            case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); return false;
            case JsonTokenType.True or JsonTokenType.False: writer.WriteBooleanValue(reader.GetBoolean()); return false;
            case JsonTokenType.Null: writer.WriteNullValue(); return false;
        }

        var text = Text(ref reader);
        string nfc;
        try
        {
            nfc = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            throw new RefusedText("A string holds code points that are not characters (such as U+FFFE or U+FFFF).");
        }

        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.WritePropertyName(nfc);
        }
        else
        {
            writer.WriteStringValue(nfc);
        }

        return !ReferenceEquals(nfc, text);
    }

    private static string Text(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RefusedText("A string is not valid Unicode (it holds a lone surrogate).");
        }

        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (char.IsHighSurrogate(character) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(character))
            {
                throw new RefusedText("A string is not valid Unicode (it holds a lone surrogate).");
            }
            else if (char.IsControl(character) && character is not ('\t' or '\n' or '\r'))
            {
                throw new RefusedText($"A string holds the control character U+{((int)character).ToString("X4", CultureInfo.InvariantCulture)}, which no field accepts.");
            }
        }

        return text;
    }

    private sealed class RefusedText(string message) : Exception(message);
}
