package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// logFormat starts each commit with \x01 so a header can never be mistaken
// for a status letter; with -z, git separates every field with NUL.
const logFormat = "--format=%x01%aI%x00%aN%x00%aE"

// change is one entry of git's --name-status output, paths relative to the
// repository root.
type change struct {
	status byte   // A, M, D, T, R, C (U and X are ignored by the fold)
	from   string // source path for R and C
	to     string // the path, or the destination for R and C
}

type rawCommit struct {
	date        time.Time
	name, email string
	changes     []change
}

// tokenReader splits git's -z output on NUL without copying tokens that fit
// in its buffer; tokens longer than that (absurd paths) are assembled in big.
type tokenReader struct {
	r   *bufio.Reader
	big []byte
}

// next returns the next NUL-terminated token. The slice is only valid until
// the following call.
func (t *tokenReader) next() ([]byte, error) {
	tok, err := t.r.ReadSlice(0)
	if errors.Is(err, bufio.ErrBufferFull) {
		t.big = append(t.big[:0], tok...)
		for errors.Is(err, bufio.ErrBufferFull) {
			tok, err = t.r.ReadSlice(0)
			t.big = append(t.big, tok...)
		}
		tok = t.big
	}
	if err != nil {
		if err == io.EOF && len(tok) > 0 {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return tok[:len(tok)-1], nil
}

// parseLog streams `git log -z --name-status` output in logFormat and calls
// fn for each commit in the order git printed them. The *rawCommit is reused
// between calls.
func parseLog(r io.Reader, fn func(*rawCommit) error) error {
	t := tokenReader{r: bufio.NewReaderSize(r, 64<<10)}
	var c rawCommit
	n := 0 // commits seen, for error messages
	for {
		tok, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read git log after commit %d: %w", n, err)
		}
		if len(tok) > 0 && tok[0] == 1 {
			if n > 0 {
				if err := fn(&c); err != nil {
					return err
				}
			}
			n++
			if err := readHeader(&t, tok[1:], &c); err != nil {
				return fmt.Errorf("git log commit %d: %w", n, err)
			}
			continue
		}
		// git puts a newline between the header and the first status.
		status := bytes.TrimLeft(tok, "\n")
		if len(status) == 0 {
			continue
		}
		if n == 0 {
			return fmt.Errorf("git log: unexpected %q before the first commit", status)
		}
		ch := change{status: status[0]}
		if ch.status == 'R' || ch.status == 'C' {
			from, err := t.next()
			if err != nil {
				return fmt.Errorf("git log commit %d: read %c source: %w", n, ch.status, err)
			}
			ch.from = string(from)
		}
		to, err := t.next()
		if err != nil {
			return fmt.Errorf("git log commit %d: read %c path: %w", n, ch.status, err)
		}
		ch.to = string(to)
		c.changes = append(c.changes, ch)
	}
	if n > 0 {
		return fn(&c)
	}
	return nil
}

func readHeader(t *tokenReader, date []byte, c *rawCommit) error {
	d, err := time.Parse(time.RFC3339, string(date))
	if err != nil {
		return fmt.Errorf("author date: %w", err)
	}
	name, err := t.next()
	if err != nil {
		return fmt.Errorf("author name: %w", err)
	}
	c.name = string(name)
	email, err := t.next()
	if err != nil {
		return fmt.Errorf("author email: %w", err)
	}
	c.email = string(email)
	c.date = d
	c.changes = c.changes[:0]
	return nil
}
