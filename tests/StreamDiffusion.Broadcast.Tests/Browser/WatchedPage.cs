using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace StreamDiffusion.Broadcast.Tests.Browser;

/// <summary>
/// A page in its own browser context together with what it did: every request it (or a worker of its context) made,
/// every console error (Chromium reports each Content-Security-Policy violation there) and every uncaught error.
/// </summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();

    internal WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        context.Request += (_, request) => _requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => _pageErrors.Enqueue(error);
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>URLs of every request so far, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Console messages of type error so far.</summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _consoleErrors];

    /// <summary>Uncaught exceptions of the page so far.</summary>
    public IReadOnlyList<string> PageErrors => [.. _pageErrors];

    /// <summary>Requests that went anywhere but <paramref name="origin"/> (scheme, host and port).</summary>
    public IReadOnlyList<string> RequestsNotTo(Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var allowed = origin.GetLeftPart(UriPartial.Authority);
        return [.. _requests.Where(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != allowed)];
    }

    /// <summary>Waits until <c>document.body.dataset.state</c> is <paramref name="state"/> (the pages set it when they settle).</summary>
    public Task WaitForStateAsync(string state) =>
        Page.Locator($"body[data-state='{state}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
