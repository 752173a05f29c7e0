using Microsoft.Playwright;

namespace StreamDiffusion.Broadcast.Tests.Browser;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by scripts/test.sh) driven headless by Playwright, one browser
/// per test class: <c>IClassFixture&lt;ChromiumBrowser&gt;</c>, then <see cref="OpenAsync"/> per page. Playwright's own
/// browser download is never used (it cannot reach its servers here). Each page gets a fresh browser context, so no
/// storage, cookie or cache is shared between tests.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Longest wait for any one browser action or expected state.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's Chromium at {ExecutablePath}: run scripts/test.sh, which installs it, or " +
                "`apt-get install chromium`. Playwright's browser download is not used.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,

            // The tests run as root in a network namespace; Chromium's sandbox needs user namespaces it cannot have there.
            Args = ["--no-sandbox"],
            Timeout = (float)Timeout.TotalMilliseconds,
        });
    }

    /// <summary>Opens <paramref name="address"/> in a new context that records every request, console error and page error.</summary>
    public async Task<WatchedPage> OpenAsync(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var browser = _browser ?? throw new InvalidOperationException("The browser is not started; use ChromiumBrowser as a class fixture.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ServiceWorkers = ServiceWorkerPolicy.Block });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(context, page);
        await page.GotoAsync(address.ToString());
        return watched;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
