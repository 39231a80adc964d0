using Ledger.Integrity.Privacy;
using Npgsql;

namespace Ledger.Integrity.Tests.Privacy;

/// <summary>The vault on a real PostgreSQL: storing and revealing, subjects, the key check, tampering, erasure and restriction.</summary>
public class PersonalDataVaultTests : VaultDatabase
{
    private const string IdentityNumber = "11010119900307001X";

    [Fact]
    public async Task a_value_stored_is_revealed_with_its_commitment()
    {
        var (subject, name, phone) = await InTransactionAsync(async connection =>
        {
            var subject = await Vault.SubjectForAsync(connection, IdentityNumber, CancellationToken.None);
            return (subject,
                await Vault.StoreAsync(connection, subject, "name", "张三丰", CancellationToken.None),
                await Vault.StoreAsync(connection, subject, "phone", "13800138000", CancellationToken.None));
        });

        name.ShouldMatch("^[0-9a-f]{64}$");
        phone.ShouldNotBe(name, StringComparer.Ordinal);
        var revealed = await Vault.RevealAsync([new SealedReference(subject.Id, name), new SealedReference(subject.Id, phone.ToUpperInvariant())], CancellationToken.None);
        revealed[new SealedReference(subject.Id, name)].ShouldBe(new Revealed("张三丰", Erased: false, Restricted: false));
        revealed[new SealedReference(subject.Id, phone.ToUpperInvariant())].ShouldBe(new Revealed("13800138000", Erased: false, Restricted: false));
    }

    [Fact]
    public async Task a_value_is_stored_in_composed_form_and_the_field_name_in_clear()
    {
        var (subject, commitment) = await InTransactionAsync(async connection =>
        {
            var subject = await Vault.SubjectForAsync(connection, IdentityNumber, CancellationToken.None);
            return (subject, await Vault.StoreAsync(connection, subject, "fields.经营场所", "Caf\u0065\u0301 Rue", CancellationToken.None));
        });

        (await Vault.RevealAsync([new SealedReference(subject.Id, commitment)], CancellationToken.None)).Single().Value.Value.ShouldBe("Caf\u00e9 Rue");
        await using var field = DataSource.CreateCommand($"select field from {Schema}.vault_values");
        (await field.ExecuteScalarAsync()).ShouldBe("fields.经营场所");
    }

    [Fact]
    public async Task a_reference_never_stored_reveals_as_erased()
    {
        var reference = new SealedReference(Guid.CreateVersion7(), new string('a', 64));
        (await Vault.RevealAsync([reference], CancellationToken.None))[reference].ShouldBe(new Revealed(null, Erased: true, Restricted: false));
    }

    [Fact]
    public async Task the_same_person_met_twice_is_one_subject()
    {
        var first = await InTransactionAsync(connection => Vault.SubjectForAsync(connection, IdentityNumber, CancellationToken.None));
        var second = await InTransactionAsync(connection => Vault.SubjectForAsync(connection, " 11010119900307001x ", CancellationToken.None));
        var found = await InTransactionAsync(connection => Vault.FindSubjectAsync(connection, IdentityNumber, CancellationToken.None));

        second.Id.ShouldBe(first.Id);
        second.DataKey.ShouldBe(first.DataKey);
        found.ShouldNotBeNull().Id.ShouldBe(first.Id);
        (await InTransactionAsync(connection => Vault.FindSubjectAsync(connection, "110101199003070028", CancellationToken.None))).ShouldBeNull();
    }

    [Fact]
    public async Task two_transactions_meeting_a_new_person_at_once_end_with_one_subject()
    {
        await using var firstConnection = await DataSource.OpenConnectionAsync();
        await using var secondConnection = await DataSource.OpenConnectionAsync();
        await using var firstTransaction = await firstConnection.BeginTransactionAsync();
        await using var secondTransaction = await secondConnection.BeginTransactionAsync();

        var first = await Vault.SubjectForAsync(firstConnection, IdentityNumber, CancellationToken.None);
        var secondTask = Vault.SubjectForAsync(secondConnection, IdentityNumber, CancellationToken.None);
        await Task.Delay(300);
        secondTask.IsCompleted.ShouldBeFalse("the second transaction waits on the lookup's unique index");
        await firstTransaction.CommitAsync();
        var second = await secondTask;
        await secondTransaction.CommitAsync();

        second.Id.ShouldBe(first.Id);
        second.DataKey.ShouldBe(first.DataKey);
        (await CountAsync("select count(*) from {schema}.vault_subjects where subject_id <> $1", first.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task the_vault_started_again_with_its_key_starts()
    {
        await new PersonalDataVault(DataSource, Keys, Schema).EnsureAsync(CancellationToken.None);
        await Vault.EnsureAsync(CancellationToken.None);
    }

    [Fact]
    public async Task a_host_with_another_key_does_not_start()
    {
        var other = new PersonalDataVault(DataSource, VaultKeys.FromConfiguration(null, VaultKeys.Generate()), Schema);

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => other.EnsureAsync(CancellationToken.None));
        refused.Message.ShouldContain("Privacy:KeyEncryptionKey is not the key this vault was created with");
    }

    [Fact]
    public void a_schema_that_is_not_a_plain_name_is_refused() =>
        Should.Throw<ArgumentException>(() => new PersonalDataVault(DataSource, Keys, "ledger; drop table x"));

    [Fact]
    public async Task a_tampered_ciphertext_is_refused_naming_its_commitment()
    {
        var (subject, commitment) = await StoredAsync("张三丰");
        await ExecuteAsync("update {schema}.vault_values set ciphertext = set_byte(ciphertext, 40, get_byte(ciphertext, 40) # 1)");

        var refused = await Should.ThrowAsync<VaultTamperedException>(() => Vault.RevealAsync([new SealedReference(subject, commitment)], CancellationToken.None));
        refused.Commitment.ShouldBe(commitment);
        refused.Message.ShouldContain(commitment);
        refused.Message.ShouldNotContain("张三丰");
    }

    [Fact]
    public async Task a_tampered_wrapped_key_is_refused()
    {
        var (subject, commitment) = await StoredAsync("张三丰");
        await ExecuteAsync("update {schema}.vault_subjects set wrapped_key = set_byte(wrapped_key, 0, get_byte(wrapped_key, 0) # 1)");

        (await Should.ThrowAsync<VaultTamperedException>(() => Vault.RevealAsync([new SealedReference(subject, commitment)], CancellationToken.None)))
            .Subject.ShouldBe(subject);
        await Should.ThrowAsync<VaultTamperedException>(() => InTransactionAsync(connection => Vault.FindSubjectAsync(connection, IdentityNumber, CancellationToken.None)));
    }

    [Fact]
    public async Task a_value_moved_to_another_subject_is_refused()
    {
        var (subject, commitment) = await StoredAsync("张三丰");
        var other = await InTransactionAsync(connection => Vault.SubjectForAsync(connection, "110101199003070028", CancellationToken.None));
        await ExecuteAsync($"update {{schema}}.vault_values set subject_id = '{other.Id}'");

        await Should.ThrowAsync<VaultTamperedException>(() => Vault.RevealAsync([new SealedReference(subject, commitment)], CancellationToken.None));
        await Should.ThrowAsync<VaultTamperedException>(() => Vault.RevealAsync([new SealedReference(other.Id, commitment)], CancellationToken.None));
    }

    [Fact]
    public async Task an_erased_person_leaves_neither_values_nor_key_nor_a_link_to_them()
    {
        var (subject, commitment) = await StoredAsync("张三丰");
        await InTransactionAsync(connection => Vault.EraseAsync(connection, subject, IdentityNumber, CancellationToken.None));

        (await CountAsync("select count(*) from {schema}.vault_values where subject_id = $1", subject)).ShouldBe(0);
        (await CountAsync("select count(*) from {schema}.vault_subjects where subject_id = $1", subject)).ShouldBe(0);
        (await CountAsync("select count(*) from {schema}.vault_erased_lookups where $1::uuid is not null", subject)).ShouldBe(1);
        (await Vault.RevealAsync([new SealedReference(subject, commitment)], CancellationToken.None)).Single().Value
            .ShouldBe(new Revealed(null, Erased: true, Restricted: false));
        (await InTransactionAsync(connection => Vault.WasErasedAsync(connection, IdentityNumber, CancellationToken.None))).ShouldBeTrue();
        (await InTransactionAsync(connection => Vault.FindSubjectAsync(connection, IdentityNumber, CancellationToken.None))).ShouldBeNull();
        await using var columns = DataSource.CreateCommand(
            $"select string_agg(column_name, ',') from information_schema.columns where table_schema = '{Schema}' and table_name = 'vault_erased_lookups'");
        (await columns.ExecuteScalarAsync()).ShouldBe("lookup");
    }

    [Fact]
    public async Task a_person_erased_twice_is_already_erased_the_second_time()
    {
        var (subject, _) = await StoredAsync("张三丰");
        await InTransactionAsync(connection => Vault.EraseAsync(connection, subject, IdentityNumber, CancellationToken.None));
        await InTransactionAsync(connection => Vault.EraseAsync(connection, subject, IdentityNumber, CancellationToken.None));

        (await InTransactionAsync(connection => Vault.WasErasedAsync(connection, IdentityNumber, CancellationToken.None))).ShouldBeTrue();
        (await CountAsync("select count(*) from {schema}.vault_erased_lookups where $1::uuid is not null", subject)).ShouldBe(1);
    }

    [Fact]
    public async Task an_erased_person_met_again_is_a_new_subject_and_no_longer_erased()
    {
        var (subject, _) = await StoredAsync("张三丰");
        await InTransactionAsync(connection => Vault.EraseAsync(connection, subject, IdentityNumber, CancellationToken.None));

        var again = await InTransactionAsync(connection => Vault.SubjectForAsync(connection, IdentityNumber, CancellationToken.None));

        again.Id.ShouldNotBe(subject);
        (await InTransactionAsync(connection => Vault.WasErasedAsync(connection, IdentityNumber, CancellationToken.None))).ShouldBeFalse();
    }

    [Fact]
    public async Task an_erasure_by_subject_id_alone_keeps_the_lookup_from_the_subjects_row()
    {
        var (subject, commitment) = await StoredAsync("张三丰");
        (await InTransactionAsync(connection => Vault.SubjectByIdAsync(connection, subject, CancellationToken.None))).ShouldNotBeNull().Id.ShouldBe(subject);

        await InTransactionAsync(connection => Vault.EraseAsync(connection, subject, CancellationToken.None));
        await InTransactionAsync(connection => Vault.EraseAsync(connection, subject, CancellationToken.None));

        (await CountAsync("select count(*) from {schema}.vault_values where subject_id = $1", subject)).ShouldBe(0);
        (await InTransactionAsync(connection => Vault.SubjectByIdAsync(connection, subject, CancellationToken.None))).ShouldBeNull();
        (await InTransactionAsync(connection => Vault.WasErasedAsync(connection, " 11010119900307001x", CancellationToken.None))).ShouldBeTrue();
        (await Vault.RevealAsync([new SealedReference(subject, commitment)], CancellationToken.None)).Single().Value.Erased.ShouldBeTrue();
    }

    [Fact]
    public async Task an_erasure_given_another_persons_identity_number_is_refused()
    {
        var (subject, commitment) = await StoredAsync("张三丰");

        await Should.ThrowAsync<ArgumentException>(() => InTransactionAsync(connection => Vault.EraseAsync(connection, subject, "110101199003070028", CancellationToken.None)));
        (await Vault.RevealAsync([new SealedReference(subject, commitment)], CancellationToken.None)).Single().Value.Value.ShouldBe("张三丰");
    }

    [Fact]
    public async Task a_refused_command_rolled_back_stores_nothing()
    {
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var subject = await Vault.SubjectForAsync(connection, IdentityNumber, CancellationToken.None);
            await Vault.StoreAsync(connection, subject, "name", "张三丰", CancellationToken.None);
            await transaction.RollbackAsync();
        }

        (await CountAsync("select count(*) from {schema}.vault_subjects where $1::uuid is not null", Guid.Empty)).ShouldBe(0);
        (await CountAsync("select count(*) from {schema}.vault_values where $1::uuid is not null", Guid.Empty)).ShouldBe(0);
    }

    [Fact]
    public async Task a_restricted_subject_reveals_restricted_with_no_value()
    {
        var (subject, commitment) = await StoredAsync("张三丰");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var reference = new SealedReference(subject, commitment);

        await InTransactionAsync(connection => Vault.RestrictAsync(connection, subject, today.AddDays(30), CancellationToken.None));
        (await Vault.RevealAsync([reference], CancellationToken.None))[reference].ShouldBe(new Revealed(null, Erased: false, Restricted: true));
        (await InTransactionAsync(connection => Vault.FindSubjectAsync(connection, IdentityNumber, CancellationToken.None)))!.RestrictedUntil.ShouldBe(today.AddDays(30));

        await InTransactionAsync(connection => Vault.RestrictAsync(connection, subject, today, CancellationToken.None));
        (await Vault.RevealAsync([reference], CancellationToken.None))[reference].Restricted.ShouldBeTrue("restricted through the day given");

        await InTransactionAsync(connection => Vault.RestrictAsync(connection, subject, today.AddDays(-1), CancellationToken.None));
        (await Vault.RevealAsync([reference], CancellationToken.None))[reference].ShouldBe(new Revealed("张三丰", Erased: false, Restricted: false));
    }

    [Fact]
    public async Task many_references_of_many_subjects_are_revealed_at_once()
    {
        var stored = new List<(SealedReference Reference, string Value)>();
        for (var person = 0; person < 5; person++)
        {
            var identity = $"3101011990030700{person:00}";
            await InTransactionAsync(async connection =>
            {
                var subject = await Vault.SubjectForAsync(connection, identity, CancellationToken.None);
                for (var field = 0; field < 4; field++)
                {
                    var value = $"value {person}.{field}";
                    stored.Add((new SealedReference(subject.Id, await Vault.StoreAsync(connection, subject, $"field{field}", value, CancellationToken.None)), value));
                }
            });
        }

        var revealed = await Vault.RevealAsync([.. stored.Select(item => item.Reference)], CancellationToken.None);
        revealed.Count.ShouldBe(20);
        foreach (var (reference, value) in stored)
        {
            revealed[reference].Value.ShouldBe(value);
        }
    }

    private Task<(Guid Subject, string Commitment)> StoredAsync(string name) =>
        InTransactionAsync(async connection =>
        {
            var subject = await Vault.SubjectForAsync(connection, IdentityNumber, CancellationToken.None);
            return (subject.Id, await Vault.StoreAsync(connection, subject, "name", name, CancellationToken.None));
        });
}
