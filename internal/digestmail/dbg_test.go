package digestmail
import "testing"
import "strings"
func BenchmarkParts(b *testing.B) {
	c := loadContent(b, "daily")
	v, _ := newDigestView(c)
	b.Run("view", func(b *testing.B) { b.ReportAllocs(); for b.Loop() { newDigestView(c) } })
	b.Run("text", func(b *testing.B) { b.ReportAllocs(); for b.Loop() { var sb strings.Builder; textTemplates.ExecuteTemplate(&sb, "digest.txt", &v) } })
	b.Run("html", func(b *testing.B) { b.ReportAllocs(); for b.Loop() { var sb strings.Builder; htmlTemplates.ExecuteTemplate(&sb, "digest.html", &v) } })
	b.Run("htmlitem", func(b *testing.B) { b.ReportAllocs(); for b.Loop() { var sb strings.Builder; htmlTemplates.ExecuteTemplate(&sb, "item.html", &v.Top[0]) } })
	b.Run("textitem", func(b *testing.B) { b.ReportAllocs(); for b.Loop() { var sb strings.Builder; textTemplates.ExecuteTemplate(&sb, "item.txt", &v.Top[0]) } })
}
