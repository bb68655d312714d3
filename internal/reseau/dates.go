// The calendar: partial ISO-8601 dates, the days they cover, and whether
// two spans meet. Every store and Checked compare dates through these.

package reseau

import "strings"

// ValidDate reports whether s is empty or an ISO-8601 calendar date, possibly
// partial: YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day.
func ValidDate(s string) bool {
	if s == "" {
		return true
	}
	digits := func(t string) (int, bool) {
		n := 0
		for _, r := range t {
			if r < '0' || r > '9' {
				return 0, false
			}
			n = n*10 + int(r-'0')
		}
		return n, t != ""
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return false
	}
	year, ok := digits(parts[0])
	if !ok || year < 1800 {
		return false
	}
	if len(parts) == 1 {
		return true
	}
	month, ok := digits(parts[1])
	if !ok || len(parts[1]) != 2 || month < 1 || month > 12 {
		return false
	}
	if len(parts) == 2 {
		return true
	}
	day, ok := digits(parts[2])
	return ok && len(parts[2]) == 2 && day >= 1 && day <= daysIn(year, month)
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DateLow pads a valid partial date to its first day ("2015" → "2015-01-01");
// "" stays "".
func DateLow(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

// DateHigh pads a valid partial date to its last day ("2015-02" → "2015-02-28");
// "" stays "".
func DateHigh(s string) string {
	switch len(s) {
	case 4:
		return s + "-12-31"
	case 7:
		y, m := 0, 0
		for _, r := range s[:4] {
			y = y*10 + int(r-'0')
		}
		m = int(s[5]-'0')*10 + int(s[6]-'0')
		d := daysIn(y, m)
		return s + "-" + string(rune('0'+d/10)) + string(rune('0'+d%10))
	}
	return s
}

// Overlaps reports whether the span [start, end] (partial dates; a missing end
// is the start, a missing start is unknown) meets [from, to] (either open).
// A span with no known date overlaps only an unbounded range.
func Overlaps(start, end, from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	if start == "" && end == "" {
		return false
	}
	if start == "" {
		start = end
	}
	if end == "" {
		end = start
	}
	if from != "" && DateHigh(end) < DateLow(from) {
		return false
	}
	if to != "" && DateLow(start) > DateHigh(to) {
		return false
	}
	return true
}
