using Ledger.Domain.Privacy;

namespace Ledger.Domain.Tests.Privacy;

public class PersonNames
{
    [Theory]
    [InlineData("张三")]
    [InlineData("欧阳娜娜")]
    [InlineData("阿依古丽·买买提")]
    [InlineData("Mary-Jane O'Neil")]
    [InlineData("J. R. Smith")]
    [InlineData("Zoë Ångström")]
    public void a_name_in_any_script_with_the_usual_punctuation_is_accepted(string value) =>
        PersonName.Problem(value).ShouldBeNull();

    [Fact]
    public void a_name_is_trimmed()
    {
        PersonName.Normalise("  张三 ").ShouldBe("张三");
    }

    [Fact]
    public void a_name_in_combining_form_normalises_to_the_precomposed_form()
    {
        const string combining = "Rene\u0301e";
        const string precomposed = "Ren\u00e9e";

        string.Equals(combining, precomposed, StringComparison.Ordinal).ShouldBeFalse();
        PersonName.Normalise(combining).ShouldBe(precomposed);
        PersonName.Normalise(combining).Length.ShouldBe(5);
        PersonName.Problem(combining).ShouldBeNull();
    }

    [Fact]
    public void a_name_of_64_characters_is_accepted_and_one_of_65_is_refused()
    {
        PersonName.Problem(new string('李', PersonName.MaxLength)).ShouldBeNull();
        PersonName.Problem(new string('李', PersonName.MaxLength + 1)).ShouldBe("A name is at most 64 characters.");
    }

    [Fact]
    public void length_is_counted_in_characters_as_read_not_in_utf16_units()
    {
        // 64 decomposed é are 128 UTF-16 units but 64 text elements; 64 astral ideographs are 128 units too.
        PersonName.Problem(string.Concat(Enumerable.Repeat("e\u0301", 64))).ShouldBeNull();
        PersonName.Problem(string.Concat(Enumerable.Repeat("\U00020000", 64))).ShouldBeNull();
        PersonName.Problem(string.Concat(Enumerable.Repeat("\U00020000", 65))).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void an_empty_name_is_refused(string? value) =>
        PersonName.Problem(value).ShouldBe("A name is required.");

    [Theory]
    [InlineData("张\u0000三")]
    [InlineData("张\t三")]
    [InlineData("张\n三")]
    [InlineData("张\u007f三")]
    [InlineData("张\u0085三")]
    public void a_name_containing_a_control_character_is_refused(string value) =>
        PersonName.Problem(value)!.ShouldContain("control");

    [Fact]
    public void a_name_containing_a_lone_surrogate_is_refused()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which would turn a lone surrogate into U+FFFD.
        PersonName.Problem("张" + '\ud800' + "三").ShouldNotBeNull();
        PersonName.Problem("张三" + '\udc00').ShouldNotBeNull();
    }

    [Theory]
    [InlineData("张\ue000三")]
    [InlineData("张\U000F0000三")]
    [InlineData("张\uffff三")]
    [InlineData("张\U000E0080三")]
    public void a_name_containing_a_private_use_or_unassigned_code_point_is_refused(string value) =>
        PersonName.Problem(value)!.ShouldContain("unassigned");
}
