package iamdoc

import (
	"strings"
	"testing"
)

func TestCharsIgnoresWhiteSpace(t *testing.T) {
	if got := Chars("{ \"a\" :\n\t\"b\" }"); got != 9 {
		t.Fatalf("Chars = %d, want 9", got)
	}
}

func TestPackKeepsEveryDocumentUnderTheLimit(t *testing.T) {
	var statements []Statement
	for i := 0; i < 40; i++ {
		statements = append(statements, Statement{Sid: "S" + strings.Repeat("x", i), Actions: []string{"ec2:DescribeVpcs"}, Resources: Any})
	}
	cases := []struct {
		limit, minDocs, maxDocs int
	}{{100000, 1, 1}, {1000, 4, 40}}
	for _, tc := range cases {
		docs, err := Pack(statements, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) < tc.minDocs || len(docs) > tc.maxDocs {
			t.Errorf("limit %d: %d documents, want %d to %d", tc.limit, len(docs), tc.minDocs, tc.maxDocs)
		}
		statementsSeen := 0
		for _, d := range docs {
			if Chars(d) > tc.limit {
				t.Errorf("limit %d: a document has %d characters", tc.limit, Chars(d))
			}
			statementsSeen += strings.Count(d, `"Sid"`)
		}
		if statementsSeen != len(statements) {
			t.Errorf("limit %d: %d statements packed, want %d", tc.limit, statementsSeen, len(statements))
		}
	}
	if _, err := Pack(statements[39:], 50); err == nil {
		t.Error("a statement bigger than the limit is an error")
	}
}
