using KsefPS.Core.Errors;
using KsefPS.Core.Identifiers;
using KsefPS.Core.Tests.Support;

namespace KsefPS.Core.Tests.Identifiers;

public class IdentifierTests
{
    [Theory]
    [InlineData("526-587-76-35", "5265877635")]
    [InlineData("526-58-77-635", "5265877635")]
    [InlineData(" 526 587 76 35", "5265877635")]
    [InlineData("5265877635", "5265877635")]
    public void A_NIP_written_with_dashes_or_spaces_is_the_same_NIP(string written, string nip) => Assert.Equal(nip, Nip.Require(written));

    [Theory]
    [InlineData("5265877636")] // control digit
    [InlineData("526587763")]  // nine digits
    [InlineData("PL5265877635")]
    [InlineData("1004567890")] // an x00 tax office KSeF's schema refuses, whatever the control digit
    [InlineData("")]
    public void Every_bad_NIP_is_NipInvalid(string written) => KsefAssert.Fails(ErrorIds.NipInvalid, () => Nip.Require(written));

    [Theory]
    [InlineData("5265877635")]
    [InlineData("1004567890")]
    [InlineData("1094567890")]
    [InlineData("1904567890")]
    [InlineData("0265877635")]
    [InlineData("526587763")]
    [InlineData("52658776350")]
    [InlineData("52658a7635")]
    [InlineData("")]
    public void The_NIP_shape_is_KSeFs_TNrNIP_pattern(string value) =>
        Assert.Equal(System.Text.RegularExpressions.Regex.IsMatch(value, @"^[1-9]((\d[1-9])|([1-9]\d))\d{7}$"), Nip.HasKsefShape(value));

    /// <summary>
    /// KSeF checks a NIP's control digit on production only; Test and Demo take any NIP of its shape, as the official
    /// client's tests make theirs. The shape is checked everywhere.
    /// </summary>
    [Fact]
    public void Without_the_control_digit_a_NIP_needs_only_KSeFs_shape_and_only_production_asks_for_the_digit()
    {
        Assert.Equal("5265877636", Nip.Require("526-587-76-36", controlDigit: false));
        KsefAssert.Fails(ErrorIds.NipInvalid, () => Nip.Require("5265877636"));
        foreach (var shapeless in new[] { "1004567890", "526587763", "PL5265877635", "" })
        {
            KsefAssert.Fails(ErrorIds.NipInvalid, () => Nip.Require(shapeless, controlDigit: false));
        }
        Assert.Equal([KsefPS.Core.Environments.KsefEnvironment.Production],
            KsefPS.Core.Environments.KsefEnvironmentInfo.All.Where(e => e.ChecksNipControlDigits).Select(e => e.Environment));
        Assert.Equal("5265877636", ContextIdentifier.FromAtMostOne(false, (ContextIdentifierType.Nip, "5265877636"))!.Value);
        Assert.Equal("5265877636-DE123456789", ContextIdentifier.Create(ContextIdentifierType.NipVatUe, "5265877636-DE123456789", nipControlDigit: false).Value);
        KsefAssert.Fails(ErrorIds.NipInvalid, () => ContextIdentifier.FromAtMostOne(true, (ContextIdentifierType.Nip, "5265877636")));
        Assert.True(ContextIdentifier.InternalIdChecksumValid(ContextIdentifier.InternalIdOf("5265877636", 7))); // a Test session's own context
        Assert.Equal("5265877636", new KsefPS.Core.Permissions.PermissionSubject(KsefPS.Core.Permissions.PermissionSubjectType.Nip, "5265877636", nipControlDigit: false).Value);
        KsefAssert.Fails(ErrorIds.PermissionSubjectInvalid, () => new KsefPS.Core.Permissions.PermissionSubject(KsefPS.Core.Permissions.PermissionSubjectType.Nip, "5265877636"));
        KsefAssert.Fails(ErrorIds.PermissionSubjectInvalid, () => new KsefPS.Core.Permissions.PermissionSubject(KsefPS.Core.Permissions.PermissionSubjectType.Nip, "1005877636", nipControlDigit: false));
    }

    [Theory]
    [InlineData("1234563218", true)]
    [InlineData("1234563219", false)]
    [InlineData("5265877635", true)]
    [InlineData("526587763", false)]
    [InlineData("52658776350", false)]
    [InlineData("52658a7635", false)]
    [InlineData("", false)]
    public void Nip_checksum_follows_the_brief_vectors(string nip, bool valid) => Assert.Equal(valid, Nip.IsValid(nip));

    [Fact]
    public void Random_Peppol_ids_have_KSeFs_shape_and_differ()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => PeppolId.NewRandom()).ToList();
        Assert.All(ids, id => Assert.Matches("^PPL[0-9]{6}$", id));
        Assert.All(ids, id => Assert.True(PeppolId.IsValid(id)));
        Assert.True(ids.Distinct().Count() > 40);
    }

    [Theory]
    [InlineData("PPL123456", true)]
    [InlineData("PDE000001", true)]
    [InlineData("Ppl123456", false)]
    [InlineData("PPL12345", false)]
    [InlineData("PPL1234567", false)]
    [InlineData("XPL123456", false)]
    [InlineData(null, false)]
    public void Peppol_ids_are_P_two_capital_letters_and_six_digits(string? id, bool valid) => Assert.Equal(valid, PeppolId.IsValid(id));

    [Fact]
    public void Nip_whose_checksum_would_be_ten_is_invalid()
    {
        // 000000001x: weights give 7*1 = 7 for the 9th digit... find a prefix with sum mod 11 == 10 instead.
        var prefix = Enumerable.Range(100000000, 1000).Select(i => i.ToString()).First(p =>
            p.Select((c, i) => (c - '0') * new[] { 6, 5, 7, 2, 3, 4, 5, 6, 7 }[i]).Sum() % 11 == 10);
        for (var last = 0; last < 10; last++)
        {
            Assert.False(Nip.IsValid(prefix + last));
        }
    }

    [Theory]
    [InlineData("44051401359", true)]
    [InlineData("02070803628", true)]
    [InlineData("44051401358", false)]
    [InlineData("44053201351", false)] // 32nd day
    [InlineData("4405140135", false)]
    public void Pesel_checksum_and_birth_date(string pesel, bool valid) => Assert.Equal(valid, Pesel.IsValid(pesel));

    [Fact]
    public void Random_identifiers_are_valid_and_differ()
    {
        var nips = Enumerable.Range(0, 5000).Select(_ => Nip.NewRandom()).ToList();
        var pesels = Enumerable.Range(0, 500).Select(_ => Pesel.NewRandom()).ToList();
        Assert.All(nips, n => Assert.True(Nip.IsValid(n), n));
        Assert.All(nips, n => Assert.Matches(@"^[1-9]((\d[1-9])|([1-9]\d))\d{7}$", n));
        Assert.All(pesels, p => Assert.True(Pesel.IsValid(p), p));
        Assert.True(nips.Distinct().Count() > 4900);
        Assert.True(pesels.Distinct().Count() > 490);
    }

    [Fact]
    public void An_internal_identifier_gets_the_check_digit_of_the_official_example()
    {
        Assert.Equal("6824515772-12343", ContextIdentifier.InternalIdOf("6824515772", 1234));
        Assert.True(ContextIdentifier.InternalIdChecksumValid(ContextIdentifier.InternalIdOf("5265877635", 7)));
        Assert.False(ContextIdentifier.InternalIdChecksumValid("6824515772-12344"));
    }

    [Fact]
    public void Of_optional_contexts_none_given_is_none_and_one_given_is_that_one()
    {
        Assert.Null(ContextIdentifier.FromAtMostOne(true, (ContextIdentifierType.Nip, null), (ContextIdentifierType.InternalId, null)));
        Assert.Equal(new ContextIdentifier(ContextIdentifierType.InternalId, "6824515772-12343"),
            ContextIdentifier.FromAtMostOne(true, (ContextIdentifierType.Nip, null), (ContextIdentifierType.InternalId, "6824515772-12343")));
    }

    [Fact]
    public void Two_contexts_given_are_refused_by_name_before_either_is_checked()
    {
        var refused = KsefAssert.Fails(ErrorIds.ContextInvalid, () => ContextIdentifier.FromAtMostOne(true,
            (ContextIdentifierType.Nip, "not a nip"), (ContextIdentifierType.InternalId, null), (ContextIdentifierType.PeppolId, "PPL123456")));
        Assert.Equal("Give one context, not -Nip and -PeppolId.", refused.Message);
    }

    [Theory]
    [InlineData(ContextIdentifierType.InternalId, "6824515772-12343", true)]
    [InlineData(ContextIdentifierType.InternalId, "6824515772-12344", false)] // check digit
    [InlineData(ContextIdentifierType.InternalId, "6824515772-1234", false)]
    [InlineData(ContextIdentifierType.NipVatUe, "5265877635-DE123456789", true)]
    [InlineData(ContextIdentifierType.NipVatUe, "5265877636-DE123456789", false)] // the NIP's control digit
    [InlineData(ContextIdentifierType.NipVatUe, "5265877635-de123456789", false)]
    [InlineData(ContextIdentifierType.PeppolId, "PPL123456", true)]
    [InlineData(ContextIdentifierType.PeppolId, "PPL12345", false)]
    public void Each_context_type_is_checked_against_its_pattern(ContextIdentifierType type, string value, bool valid)
    {
        if (valid)
        {
            Assert.Equal(value, ContextIdentifier.Create(type, value).Value);
        }
        else
        {
            KsefAssert.Fails(ErrorIds.ContextInvalid, () => ContextIdentifier.Create(type, value));
        }
    }
}
