using Ledger.Integrity.Merkle;

namespace Ledger.Cli;

/// <summary>`ledger merkle root`: the RFC 9162 tree head of leaf hashes given one per line.</summary>
internal static class MerkleCommands
{
    public static int Root(string? file, Terminal terminal)
    {
        using var reader = file is null ? null : File.OpenText(file);
        var input = reader ?? terminal.In;
        var nodes = new MemoryMerkleNodes();
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            nodes.Append(Hex.Hash(line, $"Line {lineNumber}"));
        }

        terminal.Out.WriteLine($"size {nodes.Size}");
        terminal.Out.WriteLine($"root {Hex.Of(nodes.Root())}");
        return 0;
    }
}
