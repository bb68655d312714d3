package csvio

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encodings a CSV file is read in (FileFormat.Encoding).
const (
	EncodingUTF8        = "UTF-8"
	EncodingUTF8BOM     = "UTF-8 with BOM"
	EncodingWindows1252 = "Windows-1252"
)

// FileFormat is how one CSV file of a folder was written, as ReadFS found
// it: its separator (',' or ';') and its encoding (one of the Encoding
// constants). A file with no byte beyond ASCII reads the same in every
// encoding and is reported as UTF-8.
type FileFormat struct {
	File      string `json:"file"`
	Separator string `json:"separator"`
	Encoding  string `json:"encoding"`
}

// bom is the UTF-8 byte order mark that spreadsheet programs write.
const bom = "\ufeff"

// sniffSeparator returns the separator of the header line at the start of
// br: ';' when the line holds more semicolons than commas (what Excel
// writes where the decimal separator is a comma: Belgium, France), ','
// otherwise. Column names never hold either, so the count is unambiguous
// for a header of the layout.
func sniffSeparator(br *bufio.Reader) rune {
	b, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if bytes.Count(b, []byte{';'}) > bytes.Count(b, []byte{','}) {
		return ';'
	}
	return ','
}

// decoder reads a CSV file as UTF-8, or as Windows-1252 when its bytes are
// not UTF-8. The decision is taken at the first byte beyond ASCII: all
// bytes before it read the same in both encodings; when it starts a valid
// UTF-8 sequence the file is UTF-8 (and a later invalid byte is refused by
// the validation of text, as ever), otherwise it is Windows-1252, the
// encoding Excel uses for "CSV" on Western-European Windows. A
// Windows-1252 text whose first accented letters happen to form valid UTF-8
// ("Ã©") is read as UTF-8: no real name starts that way.
type decoder struct {
	br       *bufio.Reader
	src      io.Reader // once decided: br, or a Windows-1252 decoder over it
	encoding string
}

func newDecoder(br *bufio.Reader) *decoder {
	d := &decoder{br: br, encoding: EncodingUTF8}
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
		d.src, d.encoding = br, EncodingUTF8BOM
	}
	return d
}

func (d *decoder) Read(p []byte) (int, error) {
	if d.src != nil {
		return d.src.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if d.br.Buffered() == 0 {
		if _, err := d.br.Peek(1); err != nil {
			return 0, err
		}
	}
	b, _ := d.br.Peek(min(d.br.Buffered(), len(p)))
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i > 0 {
		n := copy(p, b[:i])
		d.br.Discard(n)
		return n, nil
	}
	// The first byte beyond ASCII: up to utf8.UTFMax bytes decide.
	b, _ = d.br.Peek(utf8.UTFMax)
	if r, size := utf8.DecodeRune(b); r == utf8.RuneError && size <= 1 {
		d.src, d.encoding = charmap.Windows1252.NewDecoder().Reader(d.br), EncodingWindows1252
	} else {
		d.src = d.br
	}
	return d.src.Read(p)
}
