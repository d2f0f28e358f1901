// Package themes holds Lore's default theme, embedded into the binary so
// that `lore build` needs nothing but the content folder.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default returns the default theme: layouts/ and static/.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		// Only a broken embed directive gets here, which the build would catch.
		panic(err)
	}
	return sub
}
