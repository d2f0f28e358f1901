package records

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Calendar is a year of activity, one cell per day, ending on the build's
// day, drawn as an SVG heat map on the server so it needs no JavaScript.
type Calendar struct {
	// Start is the Monday the first column begins on; End the last day.
	Start, End time.Time
	// Counts maps days (UTC midnight) to their activity.
	Counts map[time.Time]int
	// Total is the activity within the calendar's year.
	Total int
	// Days is the number of days with any activity in the year.
	Days         int
	singular, pl string
	weeks        int
}

// NewCalendar counts days into a calendar of the 53 weeks up to now.
// Days outside that year are left out. unit and units name what is
// counted ("commit", "commits").
func NewCalendar(days []time.Time, now time.Time, unit, units string) *Calendar {
	end := Day(now)
	if end.IsZero() {
		end = Day(time.Now())
	}
	// Monday of the week 52 weeks before the week of end.
	offset := (int(end.Weekday()) + 6) % 7
	start := end.AddDate(0, 0, -offset-52*7)
	c := &Calendar{Start: start, End: end, Counts: map[time.Time]int{}, singular: unit, pl: units, weeks: 53}
	for _, d := range days {
		d = Day(d)
		if d.Before(start) || d.After(end) {
			continue
		}
		if c.Counts[d] == 0 {
			c.Days++
		}
		c.Counts[d]++
		c.Total++
	}
	return c
}

// Summary is the sentence under the calendar.
func (c *Calendar) Summary() string {
	return fmt.Sprintf("%s in the last year", c.count(c.Total))
}

func (c *Calendar) count(n int) string {
	if n == 1 {
		return "1 " + c.singular
	}
	return fmt.Sprintf("%d %s", n, c.pl)
}

// level maps a day's count to one of five shades.
func level(n int) int {
	switch {
	case n <= 0:
		return 0
	case n == 1:
		return 1
	case n == 2:
		return 2
	case n <= 4:
		return 3
	}
	return 4
}

const (
	cell   = 10
	step   = 12
	left   = 26
	top    = 14
	labelY = 10
)

// SVG draws the calendar. Shades are classes (cal-l0 ... cal-l4) so the
// theme's stylesheet colours them for light and dark palettes; every
// active day has a tooltip.
func (c *Calendar) SVG() template.HTML {
	w := left + c.weeks*step
	h := top + 7*step
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="calendar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		w, h, w, h, template.HTMLEscapeString(c.Summary()))
	for i, name := range []string{"Mon", "Wed", "Fri"} {
		fmt.Fprintf(&b, `<text class="cal-label" x="0" y="%d">%s</text>`, top+(2*i)*step+cell-1, name)
	}
	lastMonth := time.Month(0)
	for wk := 0; wk < c.weeks; wk++ {
		first := c.Start.AddDate(0, 0, wk*7)
		// Label a month above the first week that starts in it.
		if m := first.AddDate(0, 0, 6).Month(); m != lastMonth && first.AddDate(0, 0, 6).Day() <= 7 {
			if wk < c.weeks-2 {
				fmt.Fprintf(&b, `<text class="cal-label" x="%d" y="%d">%s</text>`, left+wk*step, labelY, m.String()[:3])
			}
			lastMonth = m
		}
		for d := 0; d < 7; d++ {
			day := first.AddDate(0, 0, d)
			if day.After(c.End) {
				break
			}
			n := c.Counts[day]
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="2" class="cal-l%d">`,
				left+wk*step, top+d*step, cell, cell, level(n))
			if n > 0 {
				fmt.Fprintf(&b, `<title>%s on %s</title>`, c.count(n), day.Format("2 Jan 2006"))
			}
			b.WriteString(`</rect>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
