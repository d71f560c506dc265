"""The vCard reader at property level: what phones and programs really write.

Values come out in vCard 3.0 escaped form (model.py): 2.1 commas escaped, line
breaks as ``\\n``, never a raw CR or LF; quoted-printable and charsets decoded and
their parameters dropped; base64 kept byte for byte as ``ENCODING=b``; types lower
case and split; groups, labels and unknown properties kept.
"""

from __future__ import annotations

import base64

import pytest

from contactgate.core.model import Card, Prop, Quarantined, components
from contactgate.io.vcard_read import read_vcard_bytes


def card_of(body: str | bytes, version: str = "2.1", newline: bytes = b"\r\n") -> Card:
    """The one card made of ``body`` lines (bytes are taken as they are)."""
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    head = b"BEGIN:VCARD" + newline + (b"VERSION:" + version.encode() + newline if version else b"")
    data = head + raw.replace(b"\n", newline) + newline + b"END:VCARD" + newline
    [card] = list(read_vcard_bytes(data, "test.vcf"))
    assert isinstance(card, Card), card
    return card


def prop(card: Card, name: str) -> Prop:
    found = card.first(name)
    assert found is not None, f"{name} missing in {card.props}"
    return found


# --- quoted-printable --------------------------------------------------------------


def test_android_quoted_printable_name() -> None:
    card = card_of(
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4D=C3=BC=6C=6C=65=72;=4A=C3=BC=72=67=65=6E;;;\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4A=C3=BC=72=67=65=6E=20=4D=C3=BC=6C=6C=65=72"
    )
    assert components(prop(card, "N").value) == ["Müller", "Jürgen", "", "", ""]
    assert prop(card, "FN").text() == "Jürgen Müller"
    assert prop(card, "FN").params == ()  # CHARSET and ENCODING are decoded, then dropped
    assert card.problems == []


def test_soft_breaks_over_many_lines() -> None:
    card = card_of(
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=8C=97=E4=BA=AC=E4=B8=AD=E8=88=AA=E6=99=BA=\n"
        "=E7=A7=91=E6=8A=80=E6=9C=\n"
        "=89=E9=99=90=E5=85=AC=E5=8F=B8\n"
        "TEL;CELL:+8613810109388"
    )
    assert prop(card, "ORG").text() == "北京中航智科技有限公司"
    assert prop(card, "TEL").value == "+8613810109388"


@pytest.mark.parametrize(
    "params",
    [";ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8", ";encoding=quoted-printable;charset=utf-8",
     ";QUOTED-PRINTABLE;CHARSET=utf-8", ";Charset=UTF-8;Encoding=Quoted-Printable"],
)
def test_quoted_printable_parameters_in_any_spelling(params: str) -> None:
    card = card_of(f"NOTE{params}:Gr=C3=BC=C3=9Fe")
    assert prop(card, "NOTE").value == "Grüße"


def test_quoted_printable_line_breaks_become_escaped() -> None:
    card = card_of("LABEL;HOME;ENCODING=QUOTED-PRINTABLE:42 Plantation St.=0D=0A=\nBaytown, LA")
    label = prop(card, "LABEL")
    assert label.value == "42 Plantation St.\\nBaytown\\, LA"
    assert label.text() == "42 Plantation St.\nBaytown, LA"


def test_2_1_soft_break_keeps_the_next_lines_spaces() -> None:
    """RFC 2045's own example: the space starting the third line is text."""
    card = card_of(
        "NOTE;ENCODING=QUOTED-PRINTABLE:Now's the time =\nfor all folk to come=\n"
        " to the aid of their country."
    )
    rfc_2045 = "Now's the time for all folk to come to the aid of their country."
    assert prop(card, "NOTE").text() == rfc_2045


def test_soft_break_with_padding_and_comment_looking_lines() -> None:
    card = card_of("NOTE;ENCODING=QUOTED-PRINTABLE:a (sharp ->= \t\n#<- sharp) b")
    assert prop(card, "NOTE").text() == "a (sharp ->#<- sharp) b"


def test_a_stray_soft_break_before_the_next_property() -> None:
    """Outlook ends some values with '='; the next line is a property, not text."""
    card = card_of("LABEL;WORK;ENCODING=QUOTED-PRINTABLE:Ort=0D=0ALand=\nADR;HOME:;;Stra=DFe;Ort")
    assert prop(card, "LABEL").text() == "Ort\nLand"
    assert prop(card, "ADR").value == ";;Stra=DFe;Ort"


def test_bad_quoted_printable_is_kept_and_reported() -> None:
    card = card_of("NOTE;ENCODING=QUOTED-PRINTABLE:50=ZZ off=3D")
    assert prop(card, "NOTE").text() == "50=ZZ off="
    assert card.problems == ["line 3: bad quoted-printable in NOTE; kept as written"]


def test_control_characters_are_reported_since_the_outputs_leave_them_out() -> None:
    from contactgate.io.vcard_write import render_card

    card = card_of(b"FN:Anna\nNOTE;ENCODING=QUOTED-PRINTABLE:bell=07 form=0Cfeed\nX-TAB:a\tb",
                   version="3.0")
    assert card.problems == ["line 4: NOTE holds control characters; the outputs leave them out"]
    written = render_card(card.props)
    assert "NOTE:bell formfeed" in written  # what the note announced
    assert "X-TAB:a\tb" in written  # a tab is no control character to leave out


# --- charsets ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charset", "raw"),
    [("ISO-8859-1", "Müller".encode("latin-1")), ("Windows-1252", "Müller €".encode("cp1252")),
     ("iso-8859-15", "Müller €".encode("iso-8859-15")), ("UTF-8", "Müller".encode())],
)
def test_declared_charsets(charset: str, raw: bytes) -> None:
    card = card_of(b"FN;CHARSET=" + charset.encode() + b":" + raw)
    assert prop(card, "FN").text() == raw.decode(charset)
    assert card.problems == []


def test_shift_jis_with_a_backslash_trail_byte() -> None:
    """0x5C ends several Shift_JIS characters; it is no escape."""
    value = "伊能;圭一;伊予;;".encode("shift_jis")
    assert b"\\" in value
    card = card_of(b"N;CHARSET=SHIFT_JIS:" + value)
    assert components(prop(card, "N").value) == ["伊能", "圭一", "伊予", "", ""]


def test_unknown_charset_falls_back_and_says_so() -> None:
    card = card_of(b"LABEL;CHARSET=Murks;QUOTED-PRINTABLE:M=F6=DFlitz\nFN;CHARSET=blabla:Ada")
    assert prop(card, "LABEL").text() == "Mößlitz"
    assert prop(card, "FN").text() == "Ada"  # ASCII: nothing to guess, nothing said
    assert card.problems == ["line 3: LABEL unknown charset 'Murks'; read as Windows-1252"]


def test_undeclared_values_use_the_charset_the_card_declares_elsewhere() -> None:
    """Outlook labels only some values; the rest are in the same charset."""
    greek = "Βαγγέλης".encode("cp1253")
    card = card_of(b"FN:" + greek + b"\nLABEL;CHARSET=Windows-1253;QUOTED-PRINTABLE:A=E8=DE=EDa")
    assert prop(card, "FN").text() == "Βαγγέλης"
    assert prop(card, "LABEL").text() == "Aθήνa"
    assert card.problems == []


def test_undeclared_8bit_text_is_windows_1252_with_a_note() -> None:
    card = card_of("FN:Jürgen Weiß".encode("cp1252"), version="3.0")
    assert prop(card, "FN").text() == "Jürgen Weiß"
    assert card.problems == ["line 3: FN has no charset and is not UTF-8; read as Windows-1252"]


def test_a_file_resaved_as_utf8_keeps_its_old_label() -> None:
    card = card_of("FN;CHARSET=Windows-1252:Jürgen".encode())
    assert prop(card, "FN").text() == "Jürgen"


def test_declared_utf8_that_is_not() -> None:
    card = card_of("FN;CHARSET=UTF-8:Jürgen".encode("latin-1"))
    assert prop(card, "FN").text() == "Jürgen"
    assert card.problems == ["line 3: FN not valid UTF-8; read as Windows-1252"]


# --- vCard 2.1 values in 3.0 escaped form ----------------------------------------------


def test_2_1_commas_are_escaped_and_semicolons_stay_separators() -> None:
    card = card_of("ORG:Company, The;Sales\\;Marketing\nNOTE:a, b\\c")
    assert prop(card, "ORG").value == "Company\\, The;Sales\\;Marketing"
    assert components(prop(card, "ORG").value) == ["Company, The", "Sales;Marketing"]
    assert prop(card, "NOTE").text() == "a, b\\c"


def test_2_1_backslash_escapes_as_android_reads_them() -> None:
    card = card_of("N:;A\\;B\\\\;C\\\\\\;;D;\\:E;\\\\\\\\;")
    assert components(prop(card, "N").value) == ["", "A;B\\", "C\\;", "D", ":E", "\\\\", ""]


def test_2_1_lists_and_uris() -> None:
    card = card_of("CATEGORIES:Business,VIP\nURL:http://example.com/a,b;c\nGEO:35.65,139.69")
    assert prop(card, "CATEGORIES").value == "Business,VIP"
    assert prop(card, "URL").value == "http://example.com/a,b;c"
    assert prop(card, "GEO").value == "35.65,139.69"


def test_3_0_values_are_kept_as_written() -> None:
    card = card_of("NOTE:one\\, two\\nthree\nitem3.URL:http\\://example.com", version="3.0")
    assert prop(card, "NOTE").text() == "one, two\nthree"
    assert prop(card, "URL").value == "http\\://example.com"


def test_android_backslash_at_the_line_end_continues_an_address() -> None:
    card = card_of("ADR;HOME:;;Hermann v. Brevern\\\n9999999\\\nPackstation 999;Hamburg;;99999;DE")
    assert components(prop(card, "ADR").value) == [
        "", "", "Hermann v. Brevern\n9999999\nPackstation 999", "Hamburg", "", "99999", "DE"]


# --- folding --------------------------------------------------------------------------


def test_3_0_folding_drops_one_space() -> None:
    card = card_of("NOTE:This is a long\n  note that was folded\n\tonce more", version="3.0")
    assert prop(card, "NOTE").text() == "This is a long note that was foldedonce more"


def test_2_1_folding_keeps_the_whitespace() -> None:
    card = card_of('EMAIL;INTERNET:"Omega"\n  <omega@example.com>')
    assert prop(card, "EMAIL").text() == '"Omega"  <omega@example.com>'


def test_ios_cr_cr_lf_keeps_folded_photo_whole() -> None:
    photo = base64.b64encode(bytes(range(256)) * 3).decode()
    folded = "\n ".join(photo[i : i + 60] for i in range(0, len(photo), 60))
    card = card_of(f"FN:Bob\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}", "3.0", newline=b"\r\r\n")
    assert base64.b64decode(prop(card, "PHOTO").value) == bytes(range(256)) * 3


# --- parameters --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["TEL;CELL;HOME:1", "TEL;TYPE=cell,home:1", "TEL;TYPE=CELL;TYPE=HOME:1",
     'TEL;TYPE="cell,home":1', "TEL;type=Cell;type=Home:1"],
)
def test_types_in_every_form(line: str) -> None:
    tel = prop(card_of(line), "TEL")
    assert tel.types() == {"cell", "home"}
    assert tel.value == "1"


def test_pref_in_all_forms() -> None:
    card = card_of("TEL;WORK;PREF:2\nTEL;TYPE=pref:3\nTEL;PREF=1;TYPE=cell:4")
    assert [p.params for p in card.all("TEL")] == [
        (("TYPE", "work"), ("TYPE", "pref")),
        (("TYPE", "pref"),),
        (("PREF", "1"), ("TYPE", "cell")),
    ]


def test_quoted_parameter_values_may_hold_colons_and_semicolons() -> None:
    line = 'ADR;TYPE=work;LABEL="Main St 1;\\nSpringfield: USA":;;Main St 1;Springfield'
    card = card_of(line, "4.0")
    adr = prop(card, "ADR")
    assert adr.param("LABEL") == "Main St 1;\\nSpringfield: USA"
    assert adr.value == ";;Main St 1;Springfield"


def test_other_parameters_and_bare_2_1_words() -> None:
    card = card_of(
        "N;LANGUAGE=de:Rastral;Ralf\n"
        "TEL;WORK;VOICE;utf-8;QUOTED-PRINTABLE;INLINE;X-NEC-SECRET:Tel gesch=C3=A4ftlich\n"
        "BDAY;VALUE=DATE:20081203\nFN; P1=value1; P2=value2:x"
    )
    assert prop(card, "N").params == (("LANGUAGE", "de"),)
    tel = prop(card, "TEL")
    assert tel.text() == "Tel geschäftlich"
    assert tel.params == (("TYPE", "work"), ("TYPE", "voice"), ("VALUE", "inline"),
                          ("TYPE", "x-nec-secret"))
    assert prop(card, "BDAY").param("VALUE") == "date"
    assert prop(card, "FN").params == (("P1", "value1"), ("P2", "value2"))


def test_samsung_custom_label_is_decoded() -> None:
    card = card_of(
        "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=41=72=62=65=69=74=20=4D=6F=62=69=6C)"
        ":+491621079892\nEMAIL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,Firma):a@b.de"
    )
    assert prop(card, "TEL").params == (("X-CUSTOM", "Arbeit Mobil"),)
    assert prop(card, "TEL").value == "+491621079892"
    assert prop(card, "EMAIL").param("X-CUSTOM") == "Firma"


def test_apple_groups_and_labels_are_kept() -> None:
    card = card_of(
        "item1.TEL:+1 555 0100\nitem1.X-ABLabel:_$!<Assistant>!$_\nX-ABShowAs:COMPANY\n"
        "ITEM2.EMAIL;type=INTERNET;type=pref:bob@example.com\nITEM2.X-ABLABEL:Büro", "3.0")
    tel, label, show_as, email, label2 = card.props
    assert (tel.group, tel.name, label.group, label.name) == ("item1", "TEL", "item1", "X-ABLABEL")
    assert label.value == "_$!<Assistant>!$_"
    assert (show_as.name, show_as.value) == ("X-ABSHOWAS", "COMPANY")
    assert (email.group, label2.value) == ("ITEM2", "Büro")
    assert email.types() == {"internet", "pref"}


def test_android_custom_and_unknown_properties_are_kept() -> None:
    card = card_of(
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Nick;1;;;;;;;;;;;;;\n"
        "X-messaging/skype-All:antoni-skype\nOPPO_RECENT_CALL:NULL")
    assert components(prop(card, "X-ANDROID-CUSTOM").value)[:3] == [
        "vnd.android.cursor.item/nickname", "Nick", "1"]
    assert prop(card, "X-MESSAGING/SKYPE-ALL").value == "antoni-skype"
    assert prop(card, "OPPO_RECENT_CALL").value == "NULL"


def test_vcard_4_uris_are_kept() -> None:
    card = card_of(
        'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102\n'
        "PHOTO:data:image/jpeg;base64,Zm9v", "4.0")
    tel = prop(card, "TEL")
    assert tel.value == "tel:+1-418-656-9254;ext=102"
    assert tel.params == (("VALUE", "uri"), ("TYPE", "work"), ("TYPE", "voice"), ("PREF", "1"))
    assert prop(card, "PHOTO").value == "data:image/jpeg;base64,Zm9v"


# --- base64 ---------------------------------------------------------------------------

JPEG = bytes(range(256)) * 12  # 3072 bytes standing in for a photo


def test_2_1_base64_photo_with_indented_lines_and_blank_end() -> None:
    text = base64.b64encode(JPEG).decode()
    lines = "\n".join(" " + text[i : i + 72] for i in range(0, len(text), 72))
    card = card_of(f"PHOTO;ENCODING=BASE64;TYPE=JPEG:\n{lines}\n\nTEL:1")
    photo = prop(card, "PHOTO")
    assert base64.b64decode(photo.value) == JPEG
    assert photo.params == (("ENCODING", "b"), ("TYPE", "jpeg"))
    assert prop(card, "TEL").value == "1"


def test_2_1_base64_lines_without_indent() -> None:
    text = base64.b64encode(JPEG).decode()
    lines = "\n".join(text[i : i + 76] for i in range(0, len(text), 76))
    card = card_of(f"PHOTO;ENCODING=BASE64;JPEG:{lines}\nNOTE:after")
    assert base64.b64decode(prop(card, "PHOTO").value) == JPEG
    assert prop(card, "NOTE").value == "after"


@pytest.mark.parametrize("encoding", ["ENCODING=b", "ENCODING=B", "encoding=base64", "BASE64", "B"])
def test_base64_in_any_spelling_becomes_encoding_b(encoding: str) -> None:
    card = card_of(f"KEY;X509;{encoding}:{base64.b64encode(b'key bytes').decode()}", "3.0")
    key = prop(card, "KEY")
    assert key.param("ENCODING") == "b"
    assert base64.b64decode(key.value) == b"key bytes"


def test_empty_and_broken_photos_are_kept() -> None:
    card = card_of("PHOTO;TYPE=JPEG;ENCODING=BASE64:\n\nPHOTO;ENCODING=BASE64:qgEPAA:ASDF==")
    empty, broken = card.all("PHOTO")
    assert empty.value == ""
    assert broken.value == "qgEPAA:ASDF=="
    assert card.problems == ["line 5: PHOTO is not valid base64; kept as written"]


# --- the card around the properties ----------------------------------------------------


def test_version_is_the_cards_not_a_property() -> None:
    card = card_of("FN:Ada", version="3.0")
    assert card.version == "3.0"
    assert [p.name for p in card.props] == ["FN"]


def test_missing_version_is_tolerated_and_a_late_one_is_found() -> None:
    assert card_of("FN:Ada", version="").version == ""
    late = card_of("ORG:Smith, Jones\nVERSION:2.1", version="")
    assert late.version == "2.1"
    assert prop(late, "ORG").value == "Smith\\, Jones"  # 2.1 rules applied to the whole card


def test_comment_lines_inside_a_card_are_skipped() -> None:
    card = card_of("FN:Conference Call\n# This line must be ignored.\nUID:357")
    assert [p.name for p in card.props] == ["FN", "UID"]


def test_nested_card_without_agent_is_kept_as_agent() -> None:
    card = card_of("N:parent\nBEGIN:VCARD\nN:nest1\nEND:VCARD\nTEL:1")
    assert [p.name for p in card.props] == ["N", "AGENT", "TEL"]
    assert prop(card, "AGENT").text() == "BEGIN:VCARD\nN:nest1\nEND:VCARD"
    assert card.problems == ["line 4: vCard nested without AGENT; kept as AGENT"]


def test_agent_with_a_text_value() -> None:
    card = card_of("AGENT:Invalid line which must be handled correctly.\nX-NO:")
    assert prop(card, "AGENT").text() == "Invalid line which must be handled correctly."
    assert prop(card, "X-NO").value == ""


def test_a_line_that_is_no_property_quarantines_the_card() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;card\r\nEND:VCARD\r\n"
    [item] = list(read_vcard_bytes(data, "x.vcf"))
    assert isinstance(item, Quarantined)
    assert item.reason == "not valid vCard: line 3 has no ':'"
    assert item.raw == data


def test_no_value_ever_holds_a_raw_line_break() -> None:
    card = card_of(
        "NOTE;ENCODING=QUOTED-PRINTABLE:a=0Db=0Ac=0D=0Ad\n"
        "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=0D=0AEND:VCARD):1\n"
        "ADR:;;1\\\nEND:VCARD street;town")
    for item in card.props:
        for text in (item.name, item.group, item.value, *(v for pair in item.params for v in pair)):
            assert "\r" not in text and "\n" not in text
    assert prop(card, "NOTE").text() == "a\nb\nc\nd"
