using Ledger.Domain.Privacy;

namespace Ledger.Domain.Tests.Privacy;

public class ResidentIdentityNumbers
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static string WithCheck(string first17) => first17 + ResidentIdentityNumber.CheckCharacter(first17);

    private static char WrongCheck(string first17) =>
        ResidentIdentityNumber.CheckCharacter(first17) == '0' ? '1' : '0';

    [Fact]
    public void the_standards_own_example_is_valid()
    {
        ResidentIdentityNumber.CheckCharacter("11010519491231002").ShouldBe('X');
        ResidentIdentityNumber.IsValid("11010519491231002X", Today).ShouldBeTrue();
        ResidentIdentityNumber.Problem("11010519491231002X", Today).ShouldBeNull();
        ResidentIdentityNumber.BirthDate("11010519491231002X").ShouldBe(new DateOnly(1949, 12, 31));
    }

    [Theory]
    [InlineData("31010119900101123")]
    [InlineData("44030420000229001")]
    [InlineData("82000019000101000")]
    [InlineData("65010220261202999")]
    public void a_number_with_its_computed_check_character_is_valid(string first17)
    {
        var number = WithCheck(first17);

        ResidentIdentityNumber.IsValid(number, Today).ShouldBeTrue();
        ResidentIdentityNumber.Problem(number, Today).ShouldBeNull();
    }

    [Fact]
    public void the_check_character_is_the_iso_7064_mod_11_2_residue()
    {
        // Recomputed independently: the number is valid when sum(digit * 2^(17 - i) mod 11) over all 18 positions, X = 10, is 1 mod 11.
        const string first17 = "31010119900101123";
        var number = WithCheck(first17);
        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var digit = number[i] == 'X' ? 10 : number[i] - '0';
            sum += digit * (int)(Math.Pow(2, 17 - i) % 11);
        }

        (sum % 11).ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002X0")]
    [InlineData("110105491231002")]
    public void an_identity_number_of_the_wrong_length_is_refused(string value)
    {
        ResidentIdentityNumber.IsValid(value, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(value, Today).ShouldBe("A resident identity number is 18 characters.");
    }

    [Fact]
    public void a_missing_identity_number_is_refused()
    {
        ResidentIdentityNumber.IsValid(null, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(null, Today).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("1101051949A231002X")]
    [InlineData("X10105194912310020")]
    [InlineData("11010519491231 02X")]
    [InlineData("１１０１０５１９４９１２３１００２X")]
    public void an_identity_number_whose_body_is_not_all_digits_is_refused(string value)
    {
        ResidentIdentityNumber.IsValid(value, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(value, Today)!.ShouldContain("digits");
    }

    [Theory]
    [InlineData("01010519491231002")]
    [InlineData("91010519491231002")]
    public void an_identity_number_whose_region_code_begins_outside_1_to_8_is_refused(string first17)
    {
        var number = WithCheck(first17);

        ResidentIdentityNumber.IsValid(number, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(number, Today)!.ShouldContain("region code");
    }

    [Theory]
    [InlineData("11010519900230002")]
    [InlineData("11010519890229002")]
    [InlineData("11010519901301002")]
    [InlineData("11010519900100002")]
    public void an_identity_number_born_on_a_day_that_does_not_exist_is_refused(string first17)
    {
        var number = WithCheck(first17);

        ResidentIdentityNumber.IsValid(number, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(number, Today).ShouldBe("A resident identity number's date of birth is not a real date.");
    }

    [Fact]
    public void an_identity_number_born_after_today_is_refused()
    {
        var number = WithCheck("11010520270101002");

        ResidentIdentityNumber.IsValid(number, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(number, Today)!.ShouldContain("future");
        ResidentIdentityNumber.IsValid(WithCheck("11010520261203002"), Today).ShouldBeFalse();
        ResidentIdentityNumber.IsValid(WithCheck("11010520261202002"), Today).ShouldBeTrue();
    }

    [Fact]
    public void an_identity_number_born_before_1900_is_refused()
    {
        var number = WithCheck("11010518991231002");

        ResidentIdentityNumber.IsValid(number, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(number, Today)!.ShouldContain("1900");
    }

    [Theory]
    [InlineData("11010519491231002")]
    [InlineData("31010119900101123")]
    public void an_identity_number_with_a_wrong_check_character_is_refused(string first17)
    {
        var number = first17 + WrongCheck(first17);

        ResidentIdentityNumber.IsValid(number, Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem(number, Today).ShouldBe("A resident identity number's check character is wrong.");
    }

    [Fact]
    public void an_identity_number_ending_in_a_letter_other_than_x_is_refused()
    {
        ResidentIdentityNumber.IsValid("11010519491231002Y", Today).ShouldBeFalse();
        ResidentIdentityNumber.Problem("11010519491231002Y", Today).ShouldNotBeNull();
    }

    [Fact]
    public void a_lower_case_x_check_character_is_accepted_and_normalised_to_upper_case()
    {
        ResidentIdentityNumber.IsValid("11010519491231002x", Today).ShouldBeTrue();
        ResidentIdentityNumber.Normalise(" 11010519491231002x ").ShouldBe("11010519491231002X");
        ResidentIdentityNumber.BirthDate("11010519491231002x").ShouldBe(new DateOnly(1949, 12, 31));
    }

    [Fact]
    public void the_check_character_needs_exactly_17_digits() =>
        Should.Throw<ArgumentException>(() => ResidentIdentityNumber.CheckCharacter("1101051949123100"));
}
