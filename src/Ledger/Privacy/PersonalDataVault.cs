using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ledger.Integrity.Privacy;

/// <summary>A subject (a natural person) as the vault knows them inside one transaction: their random id and unwrapped data key.</summary>
public sealed record VaultSubject(Guid Id, byte[] DataKey, DateOnly? RestrictedUntil);

/// <summary>One value to reveal: whose it is and the commitment the record holds.</summary>
public sealed record SealedReference(Guid Subject, string Commitment);

/// <summary>What the vault knows of a reference: the value, or that it was erased (or never stored).</summary>
public sealed record Revealed(string? Value, bool Erased, bool Restricted);

/// <summary>
/// The vault: personal values encrypted with AES-256-GCM under a random data key per subject, data keys wrapped by the
/// key-encryption key; a keyed-hash lookup from identity number to subject. Methods that take a connection run inside
/// the caller's open transaction (a Marten session's), so a refused command writes nothing and an accepted one stores
/// its values atomically with its events. Erasing a subject deletes their values and their data key; the log keeps
/// only commitments, which without the salt can be neither reversed nor brute-forced.
/// </summary>
public sealed partial class PersonalDataVault
{
    private readonly NpgsqlDataSource dataSource;
    private readonly VaultKeys keys;
    private readonly string schema;

    public PersonalDataVault(NpgsqlDataSource dataSource, VaultKeys keys, string schema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(schema);
        this.dataSource = dataSource;
        this.keys = keys;
        this.schema = SchemaName().IsMatch(schema) ? schema : throw new ArgumentException($"'{schema}' is not a plain schema name.", nameof(schema));
    }

    public static string Sql(string schema) => $"""
        create schema if not exists {schema};
        create table if not exists {schema}.vault_keycheck (
            id integer primary key check (id = 1),
            nonce bytea not null,
            ciphertext bytea not null,
            tag bytea not null);
        create table if not exists {schema}.vault_subjects (
            subject_id uuid primary key,
            lookup bytea not null unique,
            key_nonce bytea not null,
            wrapped_key bytea not null,
            key_tag bytea not null,
            restricted_until date null,
            created_at timestamptz not null default now());
        create table if not exists {schema}.vault_values (
            commitment bytea primary key,
            subject_id uuid not null references {schema}.vault_subjects (subject_id) on delete cascade,
            field text not null,
            nonce bytea not null,
            ciphertext bytea not null,
            tag bytea not null,
            stored_at timestamptz not null default now());
        create index if not exists vault_values_subject on {schema}.vault_values (subject_id);
        create table if not exists {schema}.vault_erased_lookups (
            lookup bytea primary key);
        """;

    /// <summary>
    /// Creates the vault's tables if missing and checks the key: the first start stores a constant encrypted under the
    /// key-encryption key; every later start must decrypt it, so a host given another key fails to start rather than
    /// writing values no other host can read.
    /// </summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two hosts starting together must not race on "create table if not exists" nor both store a key check.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('ledger.vault_schema'))", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(Sql(schema), connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        EncryptedValue? stored = null;
        await using (var read = new NpgsqlCommand($"select nonce, ciphertext, tag from {schema}.vault_keycheck where id = 1", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                stored = new EncryptedValue((byte[])reader[0], (byte[])reader[1], (byte[])reader[2]);
            }
        }

        if (stored is null)
        {
            var check = VaultCipher.SealKeyCheck(keys.KeyEncryptionKey);
            await using var insert = new NpgsqlCommand($"insert into {schema}.vault_keycheck (id, nonce, ciphertext, tag) values (1, $1, $2, $3)", connection, transaction)
            {
                Parameters = { new NpgsqlParameter { Value = check.Nonce }, new NpgsqlParameter { Value = check.Ciphertext }, new NpgsqlParameter { Value = check.Tag } },
            };
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (!VaultCipher.OpensKeyCheck(keys.KeyEncryptionKey, stored))
        {
            throw new InvalidOperationException(
                $"Privacy:KeyEncryptionKey is not the key this vault was created with: the key check in {schema}.vault_keycheck does not decrypt under it. "
                + "Start the host with the vault's own key-encryption key (Privacy:KeyEncryptionKeyFile or Privacy:KeyEncryptionKey).");
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The subject an identity number leads to, with their data key unwrapped; null if the vault does not know them.</summary>
    public async Task<VaultSubject?> FindSubjectAsync(NpgsqlConnection connection, string identityNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await FindByLookupAsync(connection, keys.Lookup(identityNumber), cancellationToken);
    }

    /// <summary>The subject of this id, with their data key unwrapped; null if the vault does not hold them (erased, or never met).</summary>
    public async Task<VaultSubject?> SubjectByIdAsync(NpgsqlConnection connection, Guid subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await FindAsync(connection, "subject_id = $1", subject, cancellationToken);
    }

    /// <summary>A connection to the vault's database, for a caller that reads (or writes in a transaction of its own) outside a Marten session.</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// The subject an identity number leads to, created (random id, random data key) the first time. Two transactions
    /// meeting the same new person at once end with one subject: the second waits on the lookup's unique index and then
    /// reads the first one's row.
    /// </summary>
    public async Task<VaultSubject> SubjectForAsync(NpgsqlConnection connection, string identityNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var lookup = keys.Lookup(identityNumber);
        if (await FindByLookupAsync(connection, lookup, cancellationToken) is { } known)
        {
            return known;
        }

        // Version 4, all random: a time-ordered id would tell when the person first met the city.
        var id = Guid.NewGuid();
        var dataKey = VaultCipher.NewDataKey();
        var wrapped = VaultCipher.WrapKey(keys.KeyEncryptionKey, id, dataKey);
        await using (var insert = new NpgsqlCommand(
            $"""
            insert into {schema}.vault_subjects (subject_id, lookup, key_nonce, wrapped_key, key_tag) values ($1, $2, $3, $4, $5)
                on conflict (lookup) do nothing
            """,
            connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = lookup });
            insert.Parameters.Add(new NpgsqlParameter { Value = wrapped.Nonce });
            insert.Parameters.Add(new NpgsqlParameter { Value = wrapped.Ciphertext });
            insert.Parameters.Add(new NpgsqlParameter { Value = wrapped.Tag });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                // The person is known again: the vault no longer answers "erased" for them.
                await using var forget = new NpgsqlCommand($"delete from {schema}.vault_erased_lookups where lookup = $1", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = lookup } },
                };
                await forget.ExecuteNonQueryAsync(cancellationToken);
                return new VaultSubject(id, dataKey, null);
            }
        }

        CryptographicOperations.ZeroMemory(dataKey);
        return await FindByLookupAsync(connection, lookup, cancellationToken)
            ?? throw new InvalidOperationException("A vault subject conflicted on its lookup and then could not be read.");
    }

    /// <summary>Encrypts one value under the subject's data key with a new salt; returns its commitment, lower-case hex, for the event to carry.</summary>
    public async Task<string> StoreAsync(NpgsqlConnection connection, VaultSubject subject, string field, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(field);
        ArgumentNullException.ThrowIfNull(value);
        var salt = Commitment.NewSalt();
        var sealedValue = VaultCipher.Seal(subject.DataKey, subject.Id, salt, value, out var commitment);
        CryptographicOperations.ZeroMemory(salt);
        await using var insert = new NpgsqlCommand(
            $"insert into {schema}.vault_values (commitment, subject_id, field, nonce, ciphertext, tag) values ($1, $2, $3, $4, $5, $6)", connection)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = commitment },
                new NpgsqlParameter { Value = subject.Id },
                new NpgsqlParameter { Value = field },
                new NpgsqlParameter { Value = sealedValue.Nonce },
                new NpgsqlParameter { Value = sealedValue.Ciphertext },
                new NpgsqlParameter { Value = sealedValue.Tag },
            },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return Convert.ToHexStringLower(commitment);
    }

    /// <summary>
    /// The values behind the references, in one query on a connection of its own. A missing value (erased, or never
    /// stored) reveals as erased; a restricted subject's as restricted, with no value. A value that does not decrypt, or
    /// does not open its commitment, throws <see cref="VaultTamperedException"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<SealedReference, Revealed>> RevealAsync(IReadOnlyCollection<SealedReference> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var revealed = new Dictionary<SealedReference, Revealed>();
        if (references.Count == 0)
        {
            return revealed;
        }

        var commitments = references.Select(reference => CommitmentBytes(reference.Commitment)).DistinctBy(Convert.ToHexStringLower, StringComparer.Ordinal).ToArray();
        var rows = await ReadValuesAsync(commitments, cancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dataKeys = new Dictionary<Guid, byte[]>();
        try
        {
            foreach (var reference in references)
            {
                revealed[reference] = Reveal(reference, rows, today, dataKeys);
            }
        }
        finally
        {
            foreach (var dataKey in dataKeys.Values)
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }

        return revealed;
    }

    /// <summary>Stops processing of the subject's values until (and including) the day given.</summary>
    public async Task RestrictAsync(NpgsqlConnection connection, Guid subject, DateOnly until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var update = new NpgsqlCommand($"update {schema}.vault_subjects set restricted_until = $2 where subject_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = subject }, new NpgsqlParameter { Value = until } },
        };
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"The vault holds no subject {subject.ToString("D", CultureInfo.InvariantCulture)} to restrict.");
        }
    }

    /// <summary>
    /// Deletes the subject's values and the subject (their wrapped data key and lookup with them), and keeps the keyed
    /// hash of their identity number, and nothing else, so a second erasure can answer "already erased".
    /// </summary>
    public async Task EraseAsync(NpgsqlConnection connection, Guid subject, string identityNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var lookup = keys.Lookup(identityNumber);
        await using (var check = new NpgsqlCommand($"select lookup from {schema}.vault_subjects where subject_id = $1", connection))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = subject });
            if (await check.ExecuteScalarAsync(cancellationToken) is byte[] stored && !CryptographicOperations.FixedTimeEquals(stored, lookup))
            {
                throw new ArgumentException("The identity number given is not that of the subject to erase.", nameof(identityNumber));
            }
        }

        await EraseAsync(connection, subject, lookup, cancellationToken);
    }

    /// <summary>
    /// Erases the subject as <see cref="EraseAsync(NpgsqlConnection, Guid, string, CancellationToken)"/> does, taking the
    /// keyed hash of their identity number from the subject's own row; a subject already gone leaves nothing to do.
    /// </summary>
    public Task EraseAsync(NpgsqlConnection connection, Guid subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return EraseAsync(connection, subject, lookup: null, cancellationToken);
    }

    /// <summary>Whether the person with this identity number was erased (and not met again since).</summary>
    public async Task<bool> WasErasedAsync(NpgsqlConnection connection, string identityNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"select exists (select 1 from {schema}.vault_erased_lookups where lookup = $1)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = keys.Lookup(identityNumber) } },
        };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task EraseAsync(NpgsqlConnection connection, Guid subject, byte[]? lookup, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"delete from {schema}.vault_values where subject_id = $1") { Parameters = { new NpgsqlParameter { Value = subject } } },
                new NpgsqlBatchCommand(
                    $"""
                    with gone as (delete from {schema}.vault_subjects where subject_id = $1 returning lookup)
                    insert into {schema}.vault_erased_lookups (lookup) select lookup from gone on conflict (lookup) do nothing
                    """)
                {
                    Parameters = { new NpgsqlParameter { Value = subject } },
                },
            },
        };
        if (lookup is not null)
        {
            // The subject may be gone already (a second erasure); the person's lookup is kept all the same.
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"insert into {schema}.vault_erased_lookups (lookup) values ($1) on conflict (lookup) do nothing")
            {
                Parameters = { new NpgsqlParameter { Value = lookup } },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static byte[] CommitmentBytes(string commitmentHex)
    {
        if (commitmentHex is not { Length: 64 })
        {
            throw new ArgumentException($"'{commitmentHex}' is not a commitment (64 hex digits).", nameof(commitmentHex));
        }

        try
        {
            return Convert.FromHexString(commitmentHex);
        }
        catch (FormatException exception)
        {
            throw new ArgumentException($"'{commitmentHex}' is not a commitment (64 hex digits).", nameof(commitmentHex), exception);
        }
    }

    private Revealed Reveal(SealedReference reference, Dictionary<string, StoredValue> rows, DateOnly today, Dictionary<Guid, byte[]> dataKeys)
    {
        var hex = reference.Commitment.ToLowerInvariant();
        if (!rows.TryGetValue(hex, out var row))
        {
            return new Revealed(null, Erased: true, Restricted: false);
        }

        if (row.Subject != reference.Subject)
        {
            throw new VaultTamperedException($"The vault value for commitment {hex} belongs to another subject than the record says.", hex, reference.Subject);
        }

        if (row.RestrictedUntil is { } until && until >= today)
        {
            return new Revealed(null, Erased: false, Restricted: true);
        }

        if (!dataKeys.TryGetValue(row.Subject, out var dataKey))
        {
            dataKey = VaultCipher.UnwrapKey(keys.KeyEncryptionKey, row.Subject, row.WrappedKey);
            dataKeys[row.Subject] = dataKey;
        }

        return new Revealed(VaultCipher.Open(dataKey, row.Subject, row.Commitment, row.Value), Erased: false, Restricted: false);
    }

    private async Task<Dictionary<string, StoredValue>> ReadValuesAsync(byte[][] commitments, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            select v.commitment, v.subject_id, v.nonce, v.ciphertext, v.tag, s.key_nonce, s.wrapped_key, s.key_tag, s.restricted_until
            from {schema}.vault_values v join {schema}.vault_subjects s on s.subject_id = v.subject_id
            where v.commitment = any($1)
            """,
            connection)
        {
            Parameters = { new NpgsqlParameter { Value = commitments } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<string, StoredValue>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var commitment = (byte[])reader[0];
            rows[Convert.ToHexStringLower(commitment)] = new StoredValue(
                commitment,
                reader.GetGuid(1),
                new EncryptedValue((byte[])reader[2], (byte[])reader[3], (byte[])reader[4]),
                new EncryptedValue((byte[])reader[5], (byte[])reader[6], (byte[])reader[7]),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8));
        }

        return rows;
    }

    private Task<VaultSubject?> FindByLookupAsync(NpgsqlConnection connection, byte[] lookup, CancellationToken cancellationToken) =>
        FindAsync(connection, "lookup = $1", lookup, cancellationToken);

    private async Task<VaultSubject?> FindAsync(NpgsqlConnection connection, string condition, object value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select subject_id, key_nonce, wrapped_key, key_tag, restricted_until from {schema}.vault_subjects where {condition}", connection)
        {
            Parameters = { new NpgsqlParameter { Value = value } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var id = reader.GetGuid(0);
        var wrapped = new EncryptedValue((byte[])reader[1], (byte[])reader[2], (byte[])reader[3]);
        var restrictedUntil = reader.IsDBNull(4) ? (DateOnly?)null : reader.GetFieldValue<DateOnly>(4);
        return new VaultSubject(id, VaultCipher.UnwrapKey(keys.KeyEncryptionKey, id, wrapped), restrictedUntil);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SchemaName();

    private sealed record StoredValue(byte[] Commitment, Guid Subject, EncryptedValue Value, EncryptedValue WrappedKey, DateOnly? RestrictedUntil);
}

/// <summary>One AES-256-GCM sealing: its 12-byte nonce, the ciphertext and the 16-byte tag.</summary>
public sealed record EncryptedValue(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// The vault's cryptography, free of the database. A value is sealed with AES-256-GCM under its subject's data key with
/// a fresh random nonce: plaintext salt (32 bytes) ‖ UTF-8 of the value in NFC, associated data the subject id's 16
/// bytes (<see cref="Guid.ToByteArray()"/>) ‖ the commitment (32 bytes). A data key is wrapped the same way under the
/// key-encryption key, with the subject id as associated data.
/// </summary>
public static class VaultCipher
{
    public const int KeyBytes = 32;
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    private static readonly byte[] KeyCheckPlaintext = "ledger vault key check v1"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>Seals one value under a subject's data key; <paramref name="commitment"/> is <see cref="Commitment.Of"/> of the salt and value.</summary>
    public static EncryptedValue Seal(byte[] dataKey, Guid subject, byte[] salt, string value, out byte[] commitment)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(value);
        commitment = Commitment.Of(salt, value);
        var text = Encoding.UTF8.GetBytes(value.Normalize(NormalizationForm.FormC));
        var plaintext = new byte[Commitment.SaltBytes + text.Length];
        salt.CopyTo(plaintext, 0);
        text.CopyTo(plaintext, Commitment.SaltBytes);
        try
        {
            return Encrypt(dataKey, plaintext, ValueAad(subject, commitment));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Opens a sealed value, checking that it opens its commitment; throws <see cref="VaultTamperedException"/> if it does not decrypt or does not.</summary>
    public static string Open(byte[] dataKey, Guid subject, byte[] commitment, EncryptedValue sealedValue)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(sealedValue);
        var hex = Convert.ToHexStringLower(commitment);
        if (commitment.Length != Commitment.SaltBytes || sealedValue.Ciphertext.Length < Commitment.SaltBytes)
        {
            throw new VaultTamperedException($"The vault value for commitment {hex} is malformed.", hex, subject);
        }

        var plaintext = Decrypt(dataKey, sealedValue, ValueAad(subject, commitment))
            ?? throw new VaultTamperedException($"The vault value for commitment {hex} does not decrypt: it has been tampered with.", hex, subject);
        try
        {
            var salt = plaintext.AsSpan(0, Commitment.SaltBytes);
            string value;
            try
            {
                value = StrictUtf8.GetString(plaintext, Commitment.SaltBytes, plaintext.Length - Commitment.SaltBytes);
            }
            catch (DecoderFallbackException exception)
            {
                throw new VaultTamperedException($"The vault value for commitment {hex} is not UTF-8 text.", hex, subject, exception);
            }

            return CryptographicOperations.FixedTimeEquals(Commitment.Of(salt, value), commitment)
                ? value
                : throw new VaultTamperedException($"The vault value for commitment {hex} does not open its commitment.", hex, subject);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Wraps a subject's data key under the key-encryption key, bound to the subject's id.</summary>
    public static EncryptedValue WrapKey(byte[] keyEncryptionKey, Guid subject, byte[] dataKey)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        return dataKey.Length == KeyBytes
            ? Encrypt(keyEncryptionKey, dataKey, subject.ToByteArray())
            : throw new ArgumentException($"A data key is {KeyBytes} bytes.", nameof(dataKey));
    }

    /// <summary>Unwraps a subject's data key; throws <see cref="VaultTamperedException"/> if it does not decrypt under the key-encryption key.</summary>
    public static byte[] UnwrapKey(byte[] keyEncryptionKey, Guid subject, EncryptedValue wrapped)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        var dataKey = Decrypt(keyEncryptionKey, wrapped, subject.ToByteArray());
        return dataKey is { Length: KeyBytes }
            ? dataKey
            : throw new VaultTamperedException(
                $"The data key of vault subject {subject.ToString("D", CultureInfo.InvariantCulture)} does not decrypt: it has been tampered with.", null, subject);
    }

    internal static EncryptedValue SealKeyCheck(byte[] keyEncryptionKey) => Encrypt(keyEncryptionKey, KeyCheckPlaintext, KeyCheckPlaintext);

    internal static bool OpensKeyCheck(byte[] keyEncryptionKey, EncryptedValue stored) =>
        Decrypt(keyEncryptionKey, stored, KeyCheckPlaintext) is { } plaintext && plaintext.AsSpan().SequenceEqual(KeyCheckPlaintext);

    private static byte[] ValueAad(Guid subject, byte[] commitment)
    {
        var aad = new byte[16 + commitment.Length];
        subject.TryWriteBytes(aad);
        commitment.CopyTo(aad, 16);
        return aad;
    }

    private static EncryptedValue Encrypt(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        CheckKey(key);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return new EncryptedValue(nonce, ciphertext, tag);
    }

    /// <summary>The plaintext, or null when the tag does not match (or the sealing is malformed).</summary>
    private static byte[]? Decrypt(byte[] key, EncryptedValue sealedValue, byte[] associatedData)
    {
        CheckKey(key);
        if (sealedValue.Nonce.Length != NonceBytes || sealedValue.Tag.Length != TagBytes)
        {
            return null;
        }

        var plaintext = new byte[sealedValue.Ciphertext.Length];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(sealedValue.Nonce, sealedValue.Ciphertext, sealedValue.Tag, plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static void CheckKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"An AES-256 key is {KeyBytes} bytes.", nameof(key));
        }
    }
}

/// <summary>A vault value or data key that does not decrypt, or a value that does not open its commitment: the vault's tables were altered.</summary>
public sealed class VaultTamperedException : Exception
{
    public VaultTamperedException()
    {
    }

    public VaultTamperedException(string message)
        : base(message)
    {
    }

    public VaultTamperedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VaultTamperedException(string message, string? commitment, Guid? subject, Exception? innerException = null)
        : base(message, innerException)
    {
        Commitment = commitment;
        Subject = subject;
    }

    /// <summary>The commitment (lower-case hex) of the value that failed, if a value failed.</summary>
    public string? Commitment { get; }

    public Guid? Subject { get; }
}

/// <summary>The key-encryption key and the lookup key derived from it (HKDF-SHA256, info "ledger vault lookup v1").</summary>
public sealed class VaultKeys
{
    private const string FileSetting = "Privacy:KeyEncryptionKeyFile";
    private const string KeySetting = "Privacy:KeyEncryptionKey";

    private VaultKeys(byte[] keyEncryptionKey)
    {
        KeyEncryptionKey = keyEncryptionKey;
        LookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, keyEncryptionKey, VaultCipher.KeyBytes, salt: [], info: "ledger vault lookup v1"u8.ToArray());
    }

    public byte[] LookupKey { get; }

    internal byte[] KeyEncryptionKey { get; }

    /// <summary>
    /// The keys from configuration: <paramref name="keyFile"/> (Privacy:KeyEncryptionKeyFile) names a file holding the
    /// 32-byte key as base64 text or as 32 raw bytes; <paramref name="keyBase64"/> (Privacy:KeyEncryptionKey) is the key
    /// as base64. Exactly one must be set.
    /// </summary>
    public static VaultKeys FromConfiguration(string? keyFile, string? keyBase64)
    {
        var hasFile = !string.IsNullOrWhiteSpace(keyFile);
        var hasKey = !string.IsNullOrWhiteSpace(keyBase64);
        if (hasFile && hasKey)
        {
            throw new InvalidOperationException($"Both {FileSetting} and {KeySetting} are set; set one of them, not both.");
        }

        if (hasFile)
        {
            return new VaultKeys(FromFile(keyFile!.Trim()));
        }

        if (hasKey)
        {
            return new VaultKeys(FromBase64(keyBase64!, KeySetting));
        }

        throw new InvalidOperationException(
            $"The personal data vault has no key-encryption key: set {FileSetting} to a file holding 32 random bytes (raw, or as base64 text) "
            + $"or {KeySetting} to 32 random bytes as base64.");
    }

    /// <summary>A new random key-encryption key as base64, for Privacy:KeyEncryptionKey or a key file.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(VaultCipher.KeyBytes));

    /// <summary>The keyed hash that leads from an identity number (trimmed, upper case) to its subject.</summary>
    public byte[] Lookup(string identityNumber)
    {
        ArgumentNullException.ThrowIfNull(identityNumber);
        return HMACSHA256.HashData(LookupKey, Encoding.UTF8.GetBytes(identityNumber.Trim().ToUpperInvariant()));
    }

    private static byte[] FromFile(string path)
    {
        byte[] contents;
        try
        {
            contents = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"{FileSetting} names '{path}', which cannot be read: {exception.Message}", exception);
        }

        if (contents.Length == VaultCipher.KeyBytes)
        {
            return contents;
        }

        try
        {
            return FromBase64(Encoding.ASCII.GetString(contents), $"The file {path} named by {FileSetting}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    private static byte[] FromBase64(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"{source} is not base64 text (nor, for a file, 32 raw bytes); the key-encryption key is 32 bytes as base64.", exception);
        }

        if (key.Length != VaultCipher.KeyBytes)
        {
            var length = key.Length;
            CryptographicOperations.ZeroMemory(key);
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{source} holds {length} bytes; the key-encryption key is {VaultCipher.KeyBytes} bytes (256 bits) as base64."));
        }

        return key;
    }
}
