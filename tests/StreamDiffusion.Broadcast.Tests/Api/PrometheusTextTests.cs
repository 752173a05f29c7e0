using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Broadcast.Observability;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>The test parser refuses broken pages (so the /metrics tests can fail), and the writer's pages pass it.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # HELP x_total Things, with a \\ and a \n in the help.
        # TYPE x_total counter
        x_total{channel="a \"quoted\" \\ name\n"} 3
        x_total{channel="b",} 4 1700000000000
        # a plain comment
        # TYPE g gauge
        g -1.5e-3
        # TYPE h_seconds histogram
        h_seconds_bucket{channel="a",le="0.1"} 1
        h_seconds_bucket{channel="a",le="1"} 2
        h_seconds_bucket{channel="a",le="+Inf"} 3
        h_seconds_sum{channel="a"} 4.25
        h_seconds_count{channel="a"} 3

        """;

    [Fact]
    public void A_valid_page_parses_with_labels_escapes_and_histograms()
    {
        var page = PrometheusText.Parse(Valid);

        Assert.Equal(3, page.Value("x_total", ("channel", "a \"quoted\" \\ name\n")));
        Assert.Equal(4, page.Value("x_total", ("channel", "b")));
        Assert.Equal(-0.0015, page.Value("g"));
        Assert.Equal(2, page.Value("h_seconds_bucket", ("channel", "a"), ("le", "1")));
        Assert.Equal("Things, with a \\ and a \n in the help.", page.Families["x_total"].Help);
        Assert.Equal("histogram", page.Families["h_seconds"].Type);
    }

    [Theory]
    [InlineData("x_total 1\n", "no TYPE declared")]
    [InlineData("# TYPE x_total counter\nx_total 1", "end with a line feed")]
    [InlineData("# TYPE x_total counter\nx_total one\n", "is not a number")]
    [InlineData("# TYPE x_total counter\nx_total -1\n", "non-negative")]
    [InlineData("# TYPE x_total counter\n# TYPE x_total counter\n", "a second TYPE")]
    [InlineData("# TYPE x_total countr\n", "TYPE must be")]
    [InlineData("# TYPE x_total counter\nx_total{a=\"1\"} 1\nx_total{a=\"1\"} 2\n", "appears twice")]
    [InlineData("# TYPE x_total counter\nx_total{a=1} 1\n", "must be quoted")]
    [InlineData("# TYPE x_total counter\nx_total{a=\"1} 1\n", "unterminated")]
    [InlineData("# TYPE x_total counter\nx_total{a=\"\\t\"} 1\n", "not an escape")]
    [InlineData("# TYPE x_total counter\nx_total{a=\"1\" b=\"2\"} 1\n", "expected , or }")]
    [InlineData("# TYPE x_total counter\nx_total  1\n", "not a number")]
    [InlineData("# TYPE 1x counter\n", "not a metric name")]
    [InlineData("# TYPE a counter\n# TYPE b counter\na 1\nb 1\na{c=\"d\"} 1\n", "split by another family")]
    [InlineData("# TYPE a counter\na 1\n# HELP a late\n", "after its samples")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "does not ascend")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "end with le=\"+Inf\"")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "differs from _count")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\n", "no _count")]
    [InlineData("# TYPE h histogram\nh_bucket 2\nh_sum 1\nh_count 2\n", "needs an le label")]
    [InlineData("# TYPE h histogram\nh 2\n", "no TYPE declared")]
    public void A_broken_page_is_refused_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_writer_escapes_labels_and_writes_cumulative_histograms_in_seconds()
    {
        var histogram = new TimeHistogram([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)]);
        histogram.Observe(TimeSpan.FromMilliseconds(0.5));
        histogram.Observe(TimeSpan.FromMilliseconds(5));
        histogram.Observe(TimeSpan.FromMilliseconds(5));
        histogram.Observe(TimeSpan.FromMilliseconds(50));
        var writer = new PrometheusTextWriter();
        writer.Family("t_total", "counter", "a \\ help\nline");
        writer.Sample(7, ("channel", "odd \"name\"\\\n"));
        writer.Family("t_seconds", "histogram", "times");
        writer.Histogram(histogram.Snapshot(), ("channel", "main"));

        var page = PrometheusText.Parse(writer.ToString());

        Assert.Equal(7, page.Value("t_total", ("channel", "odd \"name\"\\\n")));
        Assert.Equal("a \\ help\nline", page.Families["t_total"].Help);
        Assert.Equal(
            [1.0, 3, 4],
            [page.Value("t_seconds_bucket", ("channel", "main"), ("le", "0.001")), page.Value("t_seconds_bucket", ("channel", "main"), ("le", "0.01")),
             page.Value("t_seconds_bucket", ("channel", "main"), ("le", "+Inf"))]);
        Assert.Equal(4, page.Value("t_seconds_count", ("channel", "main")));
        Assert.Equal(0.0605, page.Value("t_seconds_sum", ("channel", "main")), 9);
    }

    [Fact]
    public void The_writer_refuses_misuse_that_would_break_the_page()
    {
        var writer = new PrometheusTextWriter();

        Assert.Throws<InvalidOperationException>(() => writer.Sample(1));
        writer.Family("a_total", "counter", "a");
        Assert.Throws<InvalidOperationException>(() => writer.Family("a_total", "counter", "again"));
        Assert.Throws<ArgumentException>(() => writer.Family("b-total", "counter", "bad name"));
        Assert.Throws<ArgumentException>(() => writer.Family("b_total", "summary", "unsupported type"));
        Assert.Throws<ArgumentException>(() => writer.Sample(1, ("le", "1")));
        Assert.Throws<InvalidOperationException>(() => writer.Histogram(new TimeHistogram([TimeSpan.FromSeconds(1)]).Snapshot()));
    }
}
