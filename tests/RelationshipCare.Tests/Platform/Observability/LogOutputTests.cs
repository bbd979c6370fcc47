using System.Text;
using System.Text.Json;
using RelationshipCare.Web.Platform.Observability;
using Serilog;
using Serilog.Formatting.Compact;

namespace RelationshipCare.Tests.Platform.Observability;

/// <summary>
/// Production's log output: one JSON object per line, in order, and every line written by the time the logger is
/// disposed (a graceful stop).
/// </summary>
public sealed class LogOutputTests
{
    [Fact]
    public void Given_more_lines_than_a_batch_When_the_logger_is_disposed_Then_each_is_one_json_line_in_order()
    {
        var output = new MemoryStream();
        const int count = 2_500;
        using (var logger = new LoggerConfiguration()
            .WriteTo.Sink(new StandardOutputSink(new RenderedCompactJsonFormatter(), output), ObservabilitySetup.LogBatches)
            .CreateLogger())
        {
            for (var number = 0; number < count; number++)
            {
                logger.Information("Line {Number}", number);
            }
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, lines.Length);
        Assert.All(lines.Index(), line => Assert.Equal($"Line {line.Index}", JsonDocument.Parse(line.Item).RootElement.GetProperty("@m").GetString()));
    }
}
