using System.Runtime.InteropServices;
using System.Text;

namespace StreamDiffusion.Ndi;

/// <summary>
/// A NUL-terminated UTF-8 copy of a string in native memory, made once per NDI object (names, groups) and freed
/// after the object that uses it is destroyed.
/// </summary>
internal sealed unsafe class NativeUtf8 : IDisposable
{
    private byte* _text;

    private NativeUtf8(string? value)
    {
        if (value is null)
        {
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        _text = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(_text, length));
        _text[length] = 0;
    }

    /// <summary>The text, or NULL when the value was null.</summary>
    public byte* Pointer => _text;

    /// <summary>A copy of <paramref name="value"/>; NULL pointer for null.</summary>
    public static NativeUtf8 From(string? value) => new(value);

    /// <summary>A comma list, or NULL for an empty list (the runtime's default).</summary>
    public static NativeUtf8 FromList(IReadOnlyList<string> values) => new(values.Count == 0 ? null : string.Join(',', values));

    /// <inheritdoc />
    public void Dispose()
    {
        NativeMemory.Free(_text);
        _text = null;
    }
}
