namespace Ledger.Testing;

public static class Repository
{
    /// <summary>The checkout this test run was built from: the nearest folder above the test binaries that holds Ledger.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathTo(string relative) => Path.Combine(Root, relative);

    /// <summary>Set LEDGER_UPDATE_SPECS=1 to have contract tests rewrite specs/ from the running code instead of failing.</summary>
    public static bool UpdatingSpecs => string.Equals(Environment.GetEnvironmentVariable("LEDGER_UPDATE_SPECS"), "1", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ledger.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No Ledger.sln above " + AppContext.BaseDirectory);
    }
}
