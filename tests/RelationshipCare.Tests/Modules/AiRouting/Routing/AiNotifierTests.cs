using Microsoft.Extensions.Logging.Abstractions;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>Without Redis, notices stay in the process: each open page of the person gets them, and only theirs.</summary>
public sealed class AiNotifierTests
{
    private static readonly Guid Lead = Guid.NewGuid();
    private static readonly Guid Agent = Guid.NewGuid();

    [Fact]
    public async Task Given_no_Redis_When_a_notice_is_published_Then_every_open_page_of_that_person_gets_it_and_no_one_else()
    {
        var notifier = new AiNotifier(NullLogger<AiNotifier>.Instance);
        var received = new List<(string Page, AiNotice Notice)>();
        using var first = notifier.Subscribe(Lead, notice => Record("lead page 1", notice));
        using var second = notifier.Subscribe(Lead, notice => Record("lead page 2", notice));
        using var other = notifier.Subscribe(Agent, notice => Record("agent page", notice));
        var notice = new AiNotice(AiNoticeKind.ApprovalRequested, Guid.NewGuid(), "waits");

        await notifier.PublishAsync(Lead, notice);

        Assert.Equal(["lead page 1", "lead page 2"], received.Select(r => r.Page).Order());
        Assert.All(received, r => Assert.Same(notice, r.Notice));

        Task Record(string page, AiNotice n)
        {
            lock (received)
            {
                received.Add((page, n));
            }

            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Given_a_page_that_fails_to_take_a_notice_When_one_is_published_Then_the_persons_other_pages_still_get_it()
    {
        var notifier = new AiNotifier(NullLogger<AiNotifier>.Instance);
        var delivered = 0;
        using var broken = notifier.Subscribe(Agent, _ => throw new ObjectDisposedException("circuit"));
        using var working = notifier.Subscribe(Agent, _ => { Interlocked.Increment(ref delivered); return Task.CompletedTask; });

        await notifier.PublishAsync(Agent, new AiNotice(AiNoticeKind.Denied, Guid.NewGuid(), "no"));

        Assert.Equal(1, delivered);
    }

    [Fact]
    public async Task Given_a_page_that_closed_When_a_notice_is_published_Then_it_no_longer_gets_it()
    {
        var notifier = new AiNotifier(NullLogger<AiNotifier>.Instance);
        var delivered = 0;
        var page = notifier.Subscribe(Agent, _ => { delivered++; return Task.CompletedTask; });
        page.Dispose();

        await notifier.PublishAsync(Agent, new AiNotice(AiNoticeKind.Expired, Guid.NewGuid(), "late"));

        Assert.Equal(0, delivered);
    }
}
