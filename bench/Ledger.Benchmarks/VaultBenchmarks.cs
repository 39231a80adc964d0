using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using Ledger.Integrity.Privacy;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// The personal data vault's cryptography, free of the database: sealing one 20-character value (new salt, commitment,
/// AES-256-GCM with a fresh nonce) and opening it again (AES-256-GCM, UTF-8, commitment check).
/// </summary>
[MemoryDiagnoser]
public class VaultCipherBenchmarks
{
    /// <summary>20 characters, 5 of them CJK: 30 UTF-8 bytes.</summary>
    private const string Value = "张三丰 Zhang Sanfeng 黄浦";

    private readonly Guid subject = Guid.CreateVersion7();
    private byte[] dataKey = [];
    private byte[] commitment = [];
    private EncryptedValue sealedValue = new([], [], []);

    [GlobalSetup]
    public void Setup()
    {
        dataKey = VaultCipher.NewDataKey();
        sealedValue = VaultCipher.Seal(dataKey, subject, Commitment.NewSalt(), Value, out commitment);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// The value is {Value.Length} characters, {sealedValue.Ciphertext.Length - Commitment.SaltBytes} UTF-8 bytes."));
    }

    [Benchmark(Description = "VaultCipher.Seal, 20 characters (salt + commitment + AES-GCM)")]
    public EncryptedValue Seal() => VaultCipher.Seal(dataKey, subject, Commitment.NewSalt(), Value, out _);

    [Benchmark(Description = "VaultCipher.Open, 20 characters (AES-GCM + commitment check)")]
    public string Open() => VaultCipher.Open(dataKey, subject, commitment, sealedValue);
}

/// <summary>
/// What the vault adds to a command that holds a person's data: <see cref="PersonalDataVault.SubjectForAsync"/> and three
/// <see cref="PersonalDataVault.StoreAsync"/> in one committed transaction, against the PostgreSQL named by
/// LEDGER_BENCH_POSTGRES (a connection string with a database); without that variable this class runs nothing. Each
/// invocation either meets a new person (insert of the subject with a freshly wrapped key) or one already known
/// (lookup and unwrap). The vault lives in schema vault_bench, dropped at setup and at cleanup.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NeedsPostgres))]
public class VaultStoreBenchmarks
{
    private const string Variable = "LEDGER_BENCH_POSTGRES";
    private const string Schema = "vault_bench";

    private NpgsqlDataSource dataSource = null!;
    private PersonalDataVault vault = null!;
    private long people;

    [GlobalSetup]
    public async Task Setup()
    {
        dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"Set {Variable} to a PostgreSQL connection string to run {nameof(VaultStoreBenchmarks)}."));
        await DropAsync();
        vault = new PersonalDataVault(dataSource, VaultKeys.FromConfiguration(null, VaultKeys.Generate()), Schema);
        await vault.EnsureAsync(CancellationToken.None);
        await RecordAsync("110101199003070000");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// The vault met {people:N0} new people."));
        await DropAsync();
        await dataSource.DisposeAsync();
    }

    [Benchmark(Description = "SubjectForAsync (new person) + 3 × StoreAsync, one transaction")]
    public Task<string> NewPerson() =>
        RecordAsync(string.Create(CultureInfo.InvariantCulture, $"9{Interlocked.Increment(ref people):D17}"));

    [Benchmark(Description = "SubjectForAsync (known person) + 3 × StoreAsync, one transaction")]
    public Task<string> KnownPerson() => RecordAsync("110101199003070000");

    private async Task<string> RecordAsync(string identityNumber)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var subject = await vault.SubjectForAsync(connection, identityNumber, CancellationToken.None);
        await vault.StoreAsync(connection, subject, "name", "张三丰 Zhang Sanfeng", CancellationToken.None);
        await vault.StoreAsync(connection, subject, "identityNumber", identityNumber, CancellationToken.None);
        var last = await vault.StoreAsync(connection, subject, "phone", "+86 138 0013 8000", CancellationToken.None);
        await transaction.CommitAsync();
        return last;
    }

    private async Task DropAsync()
    {
        await using var drop = dataSource.CreateCommand($"drop schema if exists {Schema} cascade");
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Keeps the class's benchmarks out of a run when LEDGER_BENCH_POSTGRES is not set.</summary>
    private sealed class NeedsPostgres : ManualConfig
    {
        public NeedsPostgres() => AddFilter(new SimpleFilter(_ => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))));
    }
}
