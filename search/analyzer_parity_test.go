package search_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	. "github.com/lore-wiki/lore/search"
)

// analyzerInputs builds several thousand inputs: stop words, English roots
// with every suffix Porter handles, random letter strings, and Unicode text.
func analyzerInputs() []string {
	var in []string
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if w, _, _ := strings.Cut(line, "|"); strings.TrimSpace(w) != "" {
			in = append(in, strings.TrimSpace(w))
		}
	}
	roots := strings.Fields(`relat condition valen hesit digit conform radic differ analog vietnam predic
electr hope hop tann fall hiss fizz fail fil agree feed bled plaster sing motor cop sav generat
oscill troubl size rat formal sensitiv hop controll roll cry happy sky gener nation rational
effect adjust depend adopt irrit replac commun activ bound allow sens organ organiz decis
formul revers probat operat feud predict engin deploy flaki test migrat databas incid runbook
caress poni ti cat mat sum y ab abl yy ee`)
	suffixes := strings.Fields(`s es ies sses ss ed eed ing ings ly ely ally ently ously ness ational tional
enci anci izer bli alli entli eli ousli ization ation ator alism iveness fulness ousness aliti iviti
biliti logi icate ative alize iciti ical ful al ance ence er ic able ible ant ement ment ent ion sion
tion ou ism ate iti ous ive ize e ll y`)
	for _, r := range roots {
		in = append(in, r)
		for _, s := range suffixes {
			in = append(in, r+s)
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	letters := "aeiouybcdlmnrstgpkzwx"
	for range 2500 {
		n := 2 + rng.IntN(11)
		var b strings.Builder
		for range n {
			b.WriteByte(letters[rng.IntN(len(letters))])
		}
		in = append(in, b.String())
	}
	in = append(in,
		"café", "naïve", "Zürich", "straße", "ΣΊΣΥΦΟΣ", "ὈΔΥΣΣΕΎΣ", "Москва", "ПРИВЕТ мир", "東京タワー", "ひらがなカタカナ",
		"한국어 텍스트", "ภาษาไทย", "العربية", "עברית", `צה"ל`, "don't", "John's", "JOHN'S", "it’s", "Ann＇s",
		"e.g.", "3.14", "1,000,000", "foo_bar", "___", "a-b", "user@example.com", "C++", "node.js", "x86_64",
		"İstanbul", "ǅemal", "Ⱥtom", "👍🏽 thumbs", "🇫🇷 flag", "e\u0301te\u0301", "ﬁle", "ＡＢＣ １２３", "v1.2.3",
		"type:retro", "isn't", "O'Neil's", "rock'n'roll", "3'14", "a.b.c", "hello\u00adworld", "tab\tsep",
		"line\r\nbreak", "ＦＵＬＬ", "Ελληνικά", "ἀρχή", "Ⅻ", "½", "x²", "naïveté", "coöperate", "résumé's",
		"ǈ", "ß", "ẞ", "Σ", "ΣΣ", "ς", "ab'", "'ab", "s's", "'s", "CONNECTIONS", "Flaky-Tests", "under_score_s",
		"10.5%", "$100", "#hashtag", "@mention", "a1b2", "1a", "2025-11-20", "12:30", "π", "привет's",
		"Ångström", "Ḱṓṡ", "Crème brûlée", "Łódź", "ØRESUND", "がぎぐ", "パン", "हिन्दी", "ё Ё й", "ἄλφα", "e\u0301\u0301", "\u0301x")
	// Words at the index's length limit and past it (a pasted blob), in
	// ASCII and in letters outside the BMP, which JavaScript counts twice.
	in = append(in, strings.Repeat("a", 100), strings.Repeat("b", 101), strings.Repeat("c", 5000)+" after",
		strings.Repeat("𝒜", 100), strings.Repeat("𝒜", 101), "Blob's "+strings.Repeat("Zy", 51)+"'s end")
	for i := 0; i+5 < len(in); i += 97 { // a few multi-word lines
		in = append(in, strings.Join(in[i:i+5], " ")+".")
	}
	return in
}

func TestAnalyzerParity(t *testing.T) {
	inputs := analyzerInputs()
	if len(inputs) < 3000 {
		t.Fatalf("only %d inputs", len(inputs))
	}
	// The analyzer the index really uses: bleve's `en` with Lore's length
	// limit and memoised stems (TestMemoStems keeps those equal to bleve's).
	a, err := IndexAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(inputs))
	for i, s := range inputs {
		var parts []string
		for _, tok := range a.Analyze([]byte(s)) {
			parts = append(parts, fmt.Sprintf("%s@%d", tok.Term, tok.Position))
		}
		// Go keeps stray bytes; JS strings cannot: compare as JSON would.
		want[i] = strings.ToValidUTF8(strings.Join(parts, " "), "\uFFFD")
	}
	var got []string
	runNode(t, `
let data = "";
process.stdin.on("data", d => data += d);
process.stdin.on("end", () => {
  const out = JSON.parse(data).map(s => loreSearch.analyze(s).map(x => x[0] + "@" + x[1]).join(" "));
  process.stdout.write(JSON.stringify(out));
});`, inputs, &got)
	bad := 0
	for i := range inputs {
		if got[i] != want[i] {
			bad++
			if bad <= 30 {
				t.Errorf("%q: go %q, js %q", inputs[i], want[i], got[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d inputs differ", bad, len(inputs))
	}
	t.Logf("%d inputs compared", len(inputs))
}
