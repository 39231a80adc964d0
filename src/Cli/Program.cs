namespace Ledger.Cli;

internal static class Program
{
    public static int Main(string[] args) => LedgerCommand.Run(args);
}
