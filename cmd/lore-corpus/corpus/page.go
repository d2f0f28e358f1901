package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"
)

// Counts tallies what the generated Markdown contains.
type Counts struct {
	Wikilinks       int // [[...]] links, including the ones below
	WikilinkHeading int // [[stem#Heading]]
	WikilinkAlias   int // [[stem|text]]
	WikilinkPath    int // [[folder/stem]]
	Broken          int // wikilinks to pages that do not exist
	RelativeLinks   int // [x](../howtos/foo.md)
	ExternalLinks   int
	ImageEmbeds     int // ![[img.png]]
	ImageLinks      int // ![alt](../attachments/img.png)
	CodeBlocks      int
	Tables          int
	Callouts        int
	Quotes          int
	Lists           int
	Tasks           int
}

func (c *Counts) add(o Counts) {
	c.Wikilinks += o.Wikilinks
	c.WikilinkHeading += o.WikilinkHeading
	c.WikilinkAlias += o.WikilinkAlias
	c.WikilinkPath += o.WikilinkPath
	c.Broken += o.Broken
	c.RelativeLinks += o.RelativeLinks
	c.ExternalLinks += o.ExternalLinks
	c.ImageEmbeds += o.ImageEmbeds
	c.ImageLinks += o.ImageLinks
	c.CodeBlocks += o.CodeBlocks
	c.Tables += o.Tables
	c.Callouts += o.Callouts
	c.Quotes += o.Quotes
	c.Lists += o.Lists
	c.Tasks += o.Tasks
}

// sentence is a pre-split template: literal text and slot names alternate,
// starting with text.
type sentence []string

var sentences = func() []sentence {
	out := make([]sentence, len(sentenceTemplates))
	for i, t := range sentenceTemplates {
		var s sentence
		for {
			j := strings.IndexByte(t, '{')
			if j < 0 {
				s = append(s, t)
				break
			}
			k := strings.IndexByte(t[j:], '}') + j
			s = append(s, t[:j], t[j+1:k])
			t = t[k+1:]
		}
		out[i] = s
	}
	return out
}()

// gen renders one page.
type gen struct {
	// inTable is set while writing a table row, where a wikilink's bar
	// must be escaped, as authors do in Obsidian.
	inTable bool
	c       *Corpus
	i       int
	p       *page
	r       *rand.Rand
	b       *bytes.Buffer
	n       Counts
	zNoun   *rand.Zipf
	zVerb   *rand.Zipf
	zVT     *rand.Zipf
	zVI     *rand.Zipf
	zAdj    *rand.Zipf
	zAdv    *rand.Zipf
	zCode   *rand.Zipf
}

// Page renders page i and returns its path relative to content/ and its
// Markdown.
func (c *Corpus) Page(i int) (string, []byte, Counts) {
	p := &c.pages[i]
	r := rand.New(rand.NewPCG(c.cfg.Seed, uint64(i)+1<<40))
	g := &gen{
		c: c, i: i, p: p, r: r,
		b:     bytes.NewBuffer(make([]byte, 0, p.size+2048)),
		zNoun: rand.NewZipf(r, 1.05, 2, uint64(len(nouns)-1)),
		zVerb: rand.NewZipf(r, 1.1, 2, uint64(len(verbs)-1)),
		zVT:   rand.NewZipf(r, 1.1, 2, uint64(len(verbsT)-1)),
		zVI:   rand.NewZipf(r, 1.1, 2, uint64(len(verbsI)-1)),
		zAdj:  rand.NewZipf(r, 1.1, 2, uint64(len(adjectives)-1)),
		zAdv:  rand.NewZipf(r, 1.1, 2, uint64(len(adverbs)-1)),
		zCode: rand.NewZipf(r, 1.1, 3, uint64(len(inlineCode)-1)),
	}
	g.page()
	return p.path, g.b.Bytes(), g.n
}

func (g *gen) page() {
	p := g.p
	g.frontMatter()
	if p.fm == fmNone {
		fmt.Fprintf(g.b, "# %s\n\n", p.title)
	}
	if p.kind == kindHome {
		g.home()
		return
	}
	g.paragraph(1 + g.r.IntN(3))
	if len(p.headings) == 0 {
		for g.b.Len() < p.size {
			g.block()
		}
		return
	}
	budget := max(p.size-g.b.Len(), 0) / len(p.headings)
	for _, h := range p.headings {
		fmt.Fprintf(g.b, "## %s\n\n", h)
		g.section(h, g.b.Len()+budget)
	}
}

func (g *gen) frontMatter() {
	p := g.p
	b := g.b
	date := p.date.Format("2006-01-02")
	switch p.fm {
	case fmYAML:
		b.WriteString("---\n")
		fmt.Fprintf(b, "title: %s\n", strconv.Quote(p.title))
		if p.hasDate {
			fmt.Fprintf(b, "date: %s\n", date)
		}
		if p.desc {
			fmt.Fprintf(b, "description: %s\n", strconv.Quote(g.sentence()))
		}
		if len(p.tags) > 0 {
			if g.r.IntN(2) == 0 {
				fmt.Fprintf(b, "tags: [%s]\n", strings.Join(p.tags, ", "))
			} else {
				b.WriteString("tags:\n")
				for _, t := range p.tags {
					fmt.Fprintf(b, "  - %s\n", t)
				}
			}
		}
		if len(p.authors) > 0 {
			fmt.Fprintf(b, "authors: [%s]\n", strings.Join(p.authors, ", "))
		}
		if p.kind != kindHome {
			fmt.Fprintf(b, "team: %s\n", p.team)
		}
		if p.kind == kindMentoring {
			fmt.Fprintf(b, "mentor: %s\nmentee: %s\n", p.mentor, p.mentee)
		}
		b.WriteString("---\n\n")
	case fmTOML:
		b.WriteString("+++\n")
		fmt.Fprintf(b, "title = %s\n", strconv.Quote(p.title))
		if p.hasDate {
			fmt.Fprintf(b, "date = %s\n", date)
		}
		if len(p.tags) > 0 {
			fmt.Fprintf(b, "tags = [%s]\n", quoteList(p.tags))
		}
		fmt.Fprintf(b, "authors = [%s]\n", quoteList(p.authors))
		fmt.Fprintf(b, "team = %q\n", p.team)
		if p.kind == kindMentoring {
			fmt.Fprintf(b, "mentor = %q\nmentee = %q\n", p.mentor, p.mentee)
		}
		b.WriteString("+++\n\n")
	}
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

func (g *gen) home() {
	b := g.b
	b.WriteString("Welcome to the corpus wiki. It is generated, but it is shaped like a real team wiki: retros, journals, mentoring notes, meetings, how-tos and a tree of notes.\n\n")
	sections := []struct {
		h string
		k kind
	}{{"Start here", kindHowto}, {"Recent retros", kindRetro}, {"How-tos", kindHowto}, {"Teams", kindMeeting}}
	for _, s := range sections {
		fmt.Fprintf(b, "## %s\n\n", s.h)
		ids := g.c.byKind[s.k]
		for j := 0; j < 8 && j < len(ids); j++ {
			b.WriteString("- ")
			g.wikilinkTo(ids[g.r.IntN(len(ids))])
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("> [!tip] Writing a new page\n> Copy an existing note from the same folder and link generously with `[[double brackets]]`.\n")
}

// section writes the body of one H2 section until the file reaches end
// bytes.
func (g *gen) section(h string, end int) {
	switch h {
	case "Action items", "Next steps":
		g.tasks(2 + g.r.IntN(5))
		return
	case "What went well", "What to improve", "What went wrong", "Agenda", "Attendees", "Topics":
		g.list(3+g.r.IntN(5), false)
		if g.b.Len() >= end {
			return
		}
	case "Timeline":
		g.timeline()
	case "Steps":
		g.steps()
	case "See also":
		g.seeAlso()
		return
	}
	g.paragraph(1 + g.r.IntN(3))
	for g.b.Len() < end {
		g.block()
	}
}

func (g *gen) block() {
	switch x := g.r.IntN(100); {
	case x < 48:
		g.paragraph(2 + g.r.IntN(5))
	case x < 60:
		g.list(3+g.r.IntN(5), g.r.IntN(3) == 0)
	case x < 69:
		g.code()
	case x < 74:
		g.table()
	case x < 77:
		g.quote()
	case x < 83:
		g.callout()
	case x < 90:
		fmt.Fprintf(g.b, "### %s\n\n", capitalize(g.pick(nouns, g.zNoun))+" "+g.pick(adjectives, g.zAdj)+"?")
		g.paragraph(1 + g.r.IntN(3))
	case x < 94:
		g.image()
	default:
		g.paragraph(1 + g.r.IntN(2))
	}
}

func (g *gen) pick(xs []string, z *rand.Zipf) string { return xs[z.Uint64()] }

func (g *gen) sentence() string {
	var sb strings.Builder
	g.writeSentence(&sb, true)
	return sb.String()
}

type writer interface {
	WriteString(string) (int, error)
}

// writeSentence writes one sentence. Links are only written where the
// output is Markdown body text (plain is false for front matter).
func (g *gen) writeSentence(w writer, plain bool) {
	s := sentences[g.r.IntN(len(sentences))]
	article := "" // "a" or "A" held back until we know the next word
	for j, part := range s {
		if j%2 == 0 {
			if n := len(part); n >= 2 && part[n-1] == ' ' && (part[n-2] == 'a' || part[n-2] == 'A') && (n == 2 || part[n-3] == ' ') {
				article = part[len(part)-2 : len(part)-1]
				part = part[:len(part)-2]
			}
			w.WriteString(part)
			continue
		}
		var word string
		switch part {
		case "n":
			word = g.pick(nouns, g.zNoun)
		case "v":
			word = g.pick(verbs, g.zVerb)
		case "vt":
			word = g.pick(verbsT, g.zVT)
		case "vi":
			word = g.pick(verbsI, g.zVI)
		case "a":
			word = g.pick(adjectives, g.zAdj)
		case "d":
			word = g.pick(adverbs, g.zAdv)
		case "t":
			word = g.p.topic.terms[g.r.IntN(len(g.p.topic.terms))]
		case "c":
			word = "`" + g.pick(inlineCode, g.zCode) + "`"
		case "cmd":
			word = "`" + commands[g.r.IntN(len(commands))] + "`"
		case "p":
			word = people[g.r.IntN(len(people))]
		case "P":
			word = capitalize(people[g.r.IntN(len(people))])
		case "team":
			word = g.p.team
		case "l":
			if !plain {
				g.link()
				continue
			}
			word = "the " + g.p.topic.terms[0] + " notes"
		}
		if plain {
			word = strings.Trim(word, "`")
		}
		if article != "" {
			if strings.IndexByte("aeiou", word[0]) >= 0 {
				article += "n"
			}
			w.WriteString(article + " ")
			article = ""
		}
		w.WriteString(word)
	}
}

func (g *gen) paragraph(n int) {
	for k := 0; k < n; k++ {
		if k > 0 {
			g.b.WriteByte(' ')
		}
		g.writeSentence(g.b, false)
		switch x := g.r.IntN(40); x {
		case 0:
			g.b.WriteString(" **" + capitalize(g.pick(adjectives, g.zAdj)) + " matters here.**")
		case 1:
			g.b.WriteString(" See ")
			g.link()
			g.b.WriteString(".")
		case 2:
			g.b.WriteString(" This is *" + g.pick(adverbs, g.zAdv) + "* true.")
		}
	}
	g.b.WriteString("\n\n")
}

// link writes one link to another page or to the web.
func (g *gen) link() {
	switch x := g.r.IntN(100); {
	case x < 70:
		g.wikilink()
	case x < 85:
		t := g.target()
		q := &g.c.pages[t]
		rel := relPath(path.Dir(g.p.path), q.path)
		fmt.Fprintf(g.b, "[%s](%s)", strings.ToLower(q.title), rel)
		g.n.RelativeLinks++
	default:
		u := externalLinks[g.r.IntN(len(externalLinks))]
		if g.r.IntN(5) == 0 {
			fmt.Fprintf(g.b, "<%s>", u)
		} else {
			fmt.Fprintf(g.b, "[the %s docs](%s)", g.pick(nouns, g.zNoun), u)
		}
		g.n.ExternalLinks++
	}
}

// target picks another page to link to: often a page of the same kind,
// otherwise any page.
func (g *gen) target() int {
	if len(g.c.pages) == 1 {
		return 0
	}
	for {
		var t int
		if ids := g.c.byKind[g.p.kind]; g.r.IntN(2) == 0 && len(ids) > 1 {
			t = ids[g.r.IntN(len(ids))]
		} else {
			t = g.r.IntN(len(g.c.pages))
		}
		if t != g.i {
			return t
		}
	}
}

func (g *gen) wikilink() {
	if g.r.IntN(100) == 0 {
		fmt.Fprintf(g.b, "[[missing-%s-%d]]", slug(g.pick(nouns, g.zNoun)), g.r.IntN(1000))
		g.n.Wikilinks++
		g.n.Broken++
		return
	}
	g.wikilinkTo(g.target())
}

func (g *gen) wikilinkTo(t int) {
	q := &g.c.pages[t]
	g.n.Wikilinks++
	target := q.stem
	if x := g.r.IntN(100); x < 2 {
		target = strings.TrimSuffix(q.path, ".md")
		g.n.WikilinkPath++
	}
	switch x := g.r.IntN(100); {
	case x < 12 && len(q.headings) > 0:
		fmt.Fprintf(g.b, "[[%s#%s]]", target, q.headings[g.r.IntN(len(q.headings))])
		g.n.WikilinkHeading++
	case x < 30:
		bar := "|"
		if g.inTable {
			bar = `\|`
		}
		fmt.Fprintf(g.b, "[[%s%s%s]]", target, bar, strings.ToLower(q.title))
		g.n.WikilinkAlias++
	default:
		fmt.Fprintf(g.b, "[[%s]]", target)
	}
}

// relPath returns the relative slash path from directory fromDir to file
// to, both relative to content/.
func relPath(fromDir, to string) string {
	if fromDir == "." {
		return to
	}
	fd := strings.Split(fromDir, "/")
	td := strings.Split(to, "/")
	k := 0
	for k < len(fd) && k < len(td)-1 && fd[k] == td[k] {
		k++
	}
	return strings.Repeat("../", len(fd)-k) + strings.Join(td[k:], "/")
}

func (g *gen) list(n int, ordered bool) {
	g.n.Lists++
	for k := 0; k < n; k++ {
		if ordered {
			fmt.Fprintf(g.b, "%d. ", k+1)
		} else {
			g.b.WriteString("- ")
		}
		if g.r.IntN(4) == 0 {
			g.link()
			g.b.WriteString(": ")
		}
		g.writeSentence(g.b, false)
		g.b.WriteByte('\n')
		if g.r.IntN(8) == 0 {
			indent := "  "
			if ordered {
				indent = "   "
			}
			for m := 1 + g.r.IntN(3); m > 0; m-- {
				g.b.WriteString(indent + "- ")
				g.writeSentence(g.b, false)
				g.b.WriteByte('\n')
			}
		}
	}
	g.b.WriteByte('\n')
}

func (g *gen) tasks(n int) {
	g.n.Lists++
	for k := 0; k < n; k++ {
		box := " "
		if g.r.IntN(4) == 0 {
			box = "x"
		}
		who := people[g.r.IntN(len(people))]
		due := g.p.date.AddDate(0, 0, 3+g.r.IntN(25)).Format("2006-01-02")
		fmt.Fprintf(g.b, "- [%s] @%s %s the %s %s (due %s)\n", box, who,
			capitalize(g.pick(verbs, g.zVerb)), g.pick(adjectives, g.zAdj), g.p.topic.terms[g.r.IntN(len(g.p.topic.terms))], due)
		g.n.Tasks++
	}
	g.b.WriteByte('\n')
}

func (g *gen) timeline() {
	g.n.Lists++
	h, m := 8+g.r.IntN(10), g.r.IntN(60)
	for k := 3 + g.r.IntN(5); k > 0; k-- {
		fmt.Fprintf(g.b, "- **%02d:%02d** ", h, m)
		g.writeSentence(g.b, false)
		g.b.WriteByte('\n')
		m += 3 + g.r.IntN(40)
		h, m = h+m/60, m%60
	}
	g.b.WriteByte('\n')
}

func (g *gen) steps() {
	for k := 1; k <= 2+g.r.IntN(4); k++ {
		fmt.Fprintf(g.b, "%d. ", k)
		g.writeSentence(g.b, false)
		g.b.WriteString("\n\n")
		if g.r.IntN(2) == 0 {
			g.b.WriteString("   ```bash\n   ")
			g.b.WriteString(g.pick(inlineCode, g.zCode))
			g.b.WriteString("\n   ```\n\n")
			g.n.CodeBlocks++
		}
	}
}

func (g *gen) seeAlso() {
	g.n.Lists++
	for k := 2 + g.r.IntN(4); k > 0; k-- {
		g.b.WriteString("- ")
		g.link()
		g.b.WriteByte('\n')
	}
	g.b.WriteByte('\n')
}

func (g *gen) code() {
	g.n.CodeBlocks++
	lang := codeLangs[g.r.IntN(len(codeLangs))]
	snips := codeSnippets[lang]
	name := codeNames[g.r.IntN(len(codeNames))]
	s := snips[g.r.IntN(len(snips))]
	s = strings.NewReplacer("{name}", name, "{Name}", capitalize(name), "{num}", strconv.Itoa(2+g.r.IntN(30))).Replace(s)
	fmt.Fprintf(g.b, "```%s\n%s\n```\n\n", lang, s)
}

func (g *gen) table() {
	g.n.Tables++
	cols := tableSchemes[g.r.IntN(len(tableSchemes))]
	g.b.WriteString("| " + strings.Join(cols, " | ") + " |\n|")
	for range cols {
		g.b.WriteString("---|")
	}
	g.b.WriteByte('\n')
	for k := 2 + g.r.IntN(6); k > 0; k-- {
		g.b.WriteString("|")
		for c := range cols {
			g.b.WriteString(" ")
			switch g.r.IntN(6) {
			case 0:
				g.b.WriteString(capitalize(people[g.r.IntN(len(people))]))
			case 1:
				fmt.Fprintf(g.b, "%d ms", 5+g.r.IntN(900))
			case 2:
				g.b.WriteString("`" + g.pick(inlineCode, g.zCode) + "`")
			case 3:
				if c == 0 {
					g.inTable = true
					g.wikilink()
					g.inTable = false
				} else {
					g.b.WriteString(g.p.date.AddDate(0, 0, g.r.IntN(30)).Format("2006-01-02"))
				}
			default:
				g.b.WriteString(capitalize(g.pick(adjectives, g.zAdj)) + " " + g.pick(nouns, g.zNoun))
			}
			g.b.WriteString(" |")
		}
		g.b.WriteByte('\n')
	}
	g.b.WriteByte('\n')
}

func (g *gen) quote() {
	g.n.Quotes++
	for k := 1 + g.r.IntN(3); k > 0; k-- {
		g.b.WriteString("> ")
		g.writeSentence(g.b, false)
		g.b.WriteByte('\n')
	}
	if g.r.IntN(2) == 0 {
		g.b.WriteString(">\n> — " + capitalize(people[g.r.IntN(len(people))]) + "\n")
	}
	g.b.WriteByte('\n')
}

func (g *gen) callout() {
	g.n.Callouts++
	k := calloutKinds[g.r.IntN(len(calloutKinds))]
	fold := ""
	switch g.r.IntN(8) {
	case 0:
		fold = "-"
	case 1:
		fold = "+"
	}
	if g.r.IntN(3) == 0 {
		fmt.Fprintf(g.b, "> [!%s]%s\n", k, fold)
	} else {
		fmt.Fprintf(g.b, "> [!%s]%s %s\n", k, fold, capitalize(g.pick(adjectives, g.zAdj))+" "+g.p.topic.terms[g.r.IntN(len(g.p.topic.terms))])
	}
	for n := 1 + g.r.IntN(3); n > 0; n-- {
		g.b.WriteString("> ")
		g.writeSentence(g.b, false)
		g.b.WriteByte('\n')
	}
	g.b.WriteByte('\n')
}

func (g *gen) image() {
	img := g.c.images[g.r.IntN(len(g.c.images))]
	if g.r.IntN(2) == 0 {
		fmt.Fprintf(g.b, "![[%s]]\n\n", img)
		g.n.ImageEmbeds++
		return
	}
	rel := relPath(path.Dir(g.p.path), "attachments/"+img)
	fmt.Fprintf(g.b, "![%s of the %s](%s)\n\n", strings.SplitN(img, "-", 2)[0], g.p.topic.terms[0], rel)
	g.n.ImageLinks++
}
