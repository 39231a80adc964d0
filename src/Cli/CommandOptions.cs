using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;

namespace Ledger.Cli;

/// <summary>The kinds of option the commands share, each validated while parsing so that a bad value exits 2 naming it.</summary>
internal static class CommandOptions
{
    public static Option<string> Text(string name, string helpName, string description, bool required = false) =>
        new(name) { Description = description, HelpName = helpName, Required = required };

    public static Option<string> ExistingFile(string name, string helpName, string description, bool required = false)
    {
        var option = Text(name, helpName, description, required);
        option.Validators.Add(result => RequireExisting(result, result.GetValueOrDefault<string>()));
        return option;
    }

    public static Argument<string> ExistingFileArgument(string name, string description, ArgumentArity arity)
    {
        var argument = new Argument<string>(name) { Description = description, Arity = arity };
        argument.Validators.Add(result => RequireExisting(result, result.GetValueOrDefault<string>()));
        return argument;
    }

    public static Option<byte[]> Hash(string name, string description, bool required = false) =>
        new(name)
        {
            Description = description + " (32 bytes: 64 hex digits)",
            HelpName = "HEX",
            Required = required,
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result => Checked(result, text => Hex.Hash(text, name)),
        };

    /// <summary>Hashes given one an option or several, comma-separated, in one.</summary>
    public static Option<List<byte[]>> Hashes(string name, string description) =>
        new(name)
        {
            Description = description + " (64 hex digits each; repeat the option or separate with commas)",
            HelpName = "HEX",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => Checked(result, _ => HashList(result, name)),
        };

    public static Option<Uri> HttpUrl(string name, string description, bool required = false) =>
        new(name)
        {
            Description = description,
            HelpName = "URL",
            Required = required,
            CustomParser = result => Checked(result, text => ParseHttpUrl(text, name)),
        };

    public static Option<string> Address(string name, string description, bool required = false) =>
        new(name)
        {
            Description = description,
            HelpName = "ADDRESS",
            Required = required,
            CustomParser = result => Checked(result, text => ChainCommands.ParseAddress(text, name)),
        };

    public static Option<List<string>> Addresses(string name, string description) =>
        new(name)
        {
            Description = description + " (repeat the option for more than one)",
            HelpName = "ADDRESS",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => Checked(result, _ => result.Tokens.Select(token => ChainCommands.ParseAddress(token.Value, name)).ToList()),
        };

    public static Option<long> Count(string name, string helpName, string description, long minimum = 0, long maximum = long.MaxValue, bool required = false) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            Required = required,
            CustomParser = result => Checked(result, text => WholeNumber(text, name, minimum, maximum)),
        };

    public static Option<double> Positive(string name, string helpName, string description) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => Checked(result, text => PositiveNumber(text, name)),
        };

    /// <summary>The value of an option the command line gave, or null when it gave none (whatever the type's default).</summary>
    public static T? Given<T>(this ParseResult parse, Option<T> option) where T : struct =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    /// <summary>The value (hash, list) of an option the command line gave, or null when it gave none (not an empty array or list).</summary>
    public static T? GivenValue<T>(this ParseResult parse, Option<T> option) where T : class =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    public static bool IsGiven(this SymbolResult command, Option option) => command.GetResult(option) is { Implicit: false };

    public static Uri ParseHttpUrl(string text, string name) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
            ? uri
            : throw new UsageError($"{name} must be an http(s) URL; got '{text}'.");

    private static List<byte[]> HashList(ArgumentResult result, string name) =>
        [.. result.Tokens.SelectMany(token => token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(hash => Hex.Hash(hash, name))];

    /// <summary>The value parsed from the option's last token, or an error on the option saying what was wrong with it.</summary>
    private static T? Checked<T>(ArgumentResult result, Func<string, T> parse)
    {
        try
        {
            return parse(result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value);
        }
        catch (UsageError error)
        {
            result.AddError(error.Message);
            return default;
        }
    }

    private static void RequireExisting(SymbolResult result, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            result.AddError($"No such file: {path}");
        }
    }

    private static long WholeNumber(string text, string name, long minimum, long maximum)
    {
        var range = maximum == long.MaxValue ? $"a whole number of {minimum} or more" : $"from {minimum} to {maximum}";
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum
            ? number
            : throw new UsageError($"{name} must be {range}; got '{text}'.");
    }

    private static double PositiveNumber(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number)
            ? number
            : throw new UsageError($"{name} must be a number more than 0; got '{text}'.");
}
