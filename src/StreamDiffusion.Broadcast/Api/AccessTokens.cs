using System.Collections.Concurrent;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Short-lived read tokens for the endpoints a browser opens without custom headers (server-sent events, thumbnails),
/// so the API key never has to appear in a URL. Tokens live in memory and expire after <see cref="Lifetime"/>.
/// </summary>
public sealed class AccessTokens(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Holder, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    /// <summary>How long a token is valid.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Issues a token on behalf of <paramref name="holder"/>.</summary>
    public (string Token, DateTimeOffset Expires) Issue(string holder)
    {
        var now = time.GetUtcNow();
        foreach (var (token, entry) in _tokens)
        {
            if (entry.Expires <= now)
            {
                _tokens.TryRemove(token, out _);
            }
        }

        var issued = ApiKeyStore.Generate();
        var expires = now + Lifetime;
        _tokens[issued] = (holder, expires);
        return (issued, expires);
    }

    /// <summary>The holder of a valid token, or null.</summary>
    public string? Validate(string token) =>
        _tokens.TryGetValue(token, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Holder : null;
}
