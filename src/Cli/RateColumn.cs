using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ledger.Cli;

/// <summary>Items a second, for a progress bar's rate.</summary>
internal sealed class RateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0}/s") : "", new Style(Color.Grey));
}
