package search

import "math"

// Ranking constants. The JS client receives impacts precomputed, and idf is
// computed from integer counts on both sides, so only idf's formula and the
// float32 rounding below need to agree with search.js.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// impactScale turns a float impact into the integer stored in postings.
	impactScale = 1000
)

// fieldWeight boosts titles and tags and lowers code (textFields order).
var fieldWeight = [nFields]float64{3, 2, 1.5, 1, 0.4}

// impact is the BM25F-style weight of a term in a document, before idf.
func impact(freq [nFields]int, lens [nFields]int32, avg [nFields]float64) uint32 {
	var x float64
	for f := range nFields {
		if freq[f] == 0 {
			continue
		}
		tf := float64(freq[f])
		norm := 1 - bm25B + bm25B*float64(lens[f])/avg[f]
		x += fieldWeight[f] * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
	}
	return uint32(math.Round(x * impactScale))
}

// idf is BM25's inverse document frequency.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// roundScore keeps scores comparable across Go and JS: float64 math may
// differ in the last bit between math.Log and Math.log; float32 hides that.
func roundScore(s float64) float64 { return float64(float32(s)) }
