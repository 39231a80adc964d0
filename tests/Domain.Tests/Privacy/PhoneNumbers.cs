using Ledger.Domain.Privacy;

namespace Ledger.Domain.Tests.Privacy;

public class PhoneNumbers
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("19912345678", "19912345678")]
    [InlineData("138 0013 8000", "13800138000")]
    public void a_mainland_mobile_number_is_accepted(string value, string normalised)
    {
        PhoneNumber.IsValid(value).ShouldBeTrue();
        PhoneNumber.Normalise(value).ShouldBe(normalised);
    }

    [Theory]
    [InlineData("+8613800138000")]
    [InlineData("+86 13800138000")]
    [InlineData("+86 138 0013 8000")]
    public void a_mobile_number_with_the_country_code_is_accepted_and_normalised_without_it(string value)
    {
        PhoneNumber.IsValid(value).ShouldBeTrue();
        PhoneNumber.Normalise(value).ShouldBe("13800138000");
    }

    [Theory]
    [InlineData("021-63215550", "021-63215550")]
    [InlineData("02163215550", "02163215550")]
    [InlineData("0571-8765432", "0571-8765432")]
    [InlineData("057187654321", "057187654321")]
    [InlineData("010 6512 3456", "01065123456")]
    public void a_fixed_line_number_with_its_area_code_is_accepted_with_or_without_a_hyphen(string value, string normalised)
    {
        PhoneNumber.IsValid(value).ShouldBeTrue();
        PhoneNumber.Normalise(value).ShouldBe(normalised);
    }

    [Theory]
    [InlineData("1380013800")]
    [InlineData("+861380013800")]
    [InlineData("138001380001")]
    [InlineData("12800138000")]
    [InlineData("23800138000")]
    public void a_mobile_number_of_the_wrong_length_or_prefix_is_refused(string value) =>
        PhoneNumber.IsValid(value).ShouldBeFalse();

    [Theory]
    [InlineData("1380013800a")]
    [InlineData("021-6321555O")]
    [InlineData("phone")]
    [InlineData("１３８００１３８０００")]
    public void a_number_containing_letters_or_other_characters_is_refused(string value) =>
        PhoneNumber.IsValid(value).ShouldBeFalse();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("63215550")]
    [InlineData("021--63215550")]
    [InlineData("021-632155")]
    [InlineData("+86 021-63215550")]
    public void a_fixed_line_without_area_code_or_a_malformed_one_is_refused(string? value) =>
        PhoneNumber.IsValid(value).ShouldBeFalse();

    [Fact]
    public void the_format_is_a_sentence_for_error_messages() =>
        PhoneNumber.Format.ShouldEndWith(".");
}
