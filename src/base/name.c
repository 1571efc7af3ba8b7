/* name: one rule for names a person reads, by Unicode category and a list of invisible fillers. */
#include "base/name.h"

/* A closed range of code points. */
struct range {
	int32_t lo, hi;
};

/*
 * Refused everywhere in a name. Cc and Zl/Zp/Co by category; Cf as listed in
 * Unicode 15.1 (DerivedGeneralCategory); then the characters that are not Cf
 * yet draw nothing or only change how a neighbour draws, which let two names
 * look alike or a name look blank. Sorted, for the reader.
 */
static const struct range refused[] = {
    {0x0000, 0x001f}, /* Cc */
    {0x007f, 0x009f}, /* Cc, U+0085 NEL included */
    {0x00ad, 0x00ad}, /* soft hyphen (Cf) */
    {0x034f, 0x034f}, /* combining grapheme joiner */
    {0x0600, 0x0605}, /* Arabic number signs (Cf) */
    {0x061c, 0x061c}, /* Arabic letter mark (Cf) */
    {0x06dd, 0x06dd},	 {0x070f, 0x070f},   {0x0890, 0x0891},	 {0x08e2, 0x08e2},
    {0x115f, 0x1160}, /* Hangul choseong/jungseong fillers */
    {0x17b4, 0x17b5}, /* Khmer inherent vowels, invisible */
    {0x180b, 0x180f}, /* Mongolian variation selectors, vowel separator (Cf) */
    {0x200b, 0x200f}, /* zero-width space, joiners, direction marks (Cf) */
    {0x2028, 0x2029}, /* Zl, Zp */
    {0x202a, 0x202e}, /* direction embeddings and overrides (Cf) */
    {0x2060, 0x206f}, /* word joiner, invisible operators, isolates (Cf) */
    {0x2800, 0x2800}, /* braille blank */
    {0x3164, 0x3164}, /* Hangul filler */
    {0xd800, 0xdfff}, /* surrogates (never valid UTF-8; kept for completeness) */
    {0xe000, 0xf8ff}, /* Co */
    {0xfdd0, 0xfdef}, /* noncharacters */
    {0xfe00, 0xfe0f}, /* variation selectors: same look, different bytes */
    {0xfeff, 0xfeff}, /* byte order mark (Cf) */
    {0xffa0, 0xffa0}, /* halfwidth Hangul filler */
    {0xfff9, 0xfffb}, /* interlinear annotation (Cf) */
    {0xfffe, 0xffff}, /* noncharacters */
    {0x110bd, 0x110bd},	 {0x110cd, 0x110cd}, {0x13430, 0x1343f}, /* Egyptian hieroglyph format
								    controls (Cf) */
    {0x1bca0, 0x1bca3},	 /* shorthand format controls (Cf) */
    {0x1d173, 0x1d17a},	 /* musical symbol format controls (Cf) */
    {0xe0000, 0xe007f},	 /* tags (Cf) */
    {0xe0100, 0xe01ef},	 /* variation selectors supplement */
    {0xf0000, 0x10ffff}, /* Co (planes 15 and 16) and their noncharacters */
};

/* Zs: the spaces a name may hold inside but never at either end. */
static const struct range spaces[] = {
    {0x0020, 0x0020}, {0x00a0, 0x00a0}, {0x1680, 0x1680}, {0x2000, 0x200a},
    {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000},
};

static bool
in(const struct range *r, size_t n, int32_t c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c >= r[i].lo && c <= r[i].hi)
			return true;
	return false;
}

bool
name_char_refused(int32_t c)
{
	/* Every plane's last two code points are noncharacters. */
	if (c >= 0 && (c & 0xfffe) == 0xfffe)
		return true;
	return in(refused, sizeof(refused) / sizeof(refused[0]), c);
}

bool
name_char_space(int32_t c)
{
	return in(spaces, sizeof(spaces) / sizeof(spaces[0]), c);
}

enum name_fault
name_check(struct slice s, size_t max)
{
	size_t i = 0, n = 0;
	int32_t c = -1;
	bool first = true, visible = false;

	if (s.n == 0)
		return NAME_EMPTY;
	if (str_utf8_check(s) != s.n)
		return NAME_BAD_UTF8;
	while (i < s.n) {
		c = str_utf8_next(s, &i);
		if ((c >= 0 && c < 0x20) || (c >= 0x7f && c <= 0x9f))
			return NAME_CONTROL;
		if (name_char_refused(c))
			return NAME_INVISIBLE;
		if (name_char_space(c)) {
			if (first)
				return NAME_EDGE_SPACE;
		} else {
			visible = true;
		}
		first = false;
		n++;
	}
	if (name_char_space(c))
		return visible ? NAME_EDGE_SPACE : NAME_BLANK;
	if (!visible)
		return NAME_BLANK;
	if (n > max)
		return NAME_TOO_LONG;
	return NAME_OK;
}

const char *
name_fault_text(enum name_fault fault)
{
	static const char *const text[NAME_FAULT__MAX] = {
	    [NAME_OK] = "可用",
	    [NAME_EMPTY] = "未填写",
	    [NAME_BAD_UTF8] = "含有无效的字符编码",
	    [NAME_CONTROL] = "不能包含控制字符",
	    [NAME_INVISIBLE] = "不能包含不可见字符（如零宽空格、文字方向控制符、填充字符）",
	    [NAME_EDGE_SPACE] = "首尾不能有空格",
	    [NAME_BLANK] = "不能只有空白",
	    [NAME_TOO_LONG] = "过长",
	};

	return fault < NAME_FAULT__MAX ? text[fault] : "无效";
}
