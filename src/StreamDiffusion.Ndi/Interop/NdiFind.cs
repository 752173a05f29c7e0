// Declarations in this file follow the NDI® SDK C headers (Processing.NDI.*.h, NDI 5 as shipped with the NDI 5.5
// runtime; the layouts are unchanged in NDI 6). Those header files carry this MIT notice, which applies to this file:
//
// Copyright (C)2014-2022, NewTek, inc.
//
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
// associated documentation files(the "Software"), to deal in the Software without restriction, including
// without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and / or sell
// copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
// following conditions :
//
// The above copyright notice and this permission notice shall be included in all copies or substantial
// portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
// LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
// EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
// IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR
// THE USE OR OTHER DEALINGS IN THE SOFTWARE.
//
// NDI® is a registered trademark of Vizrt NDI AB (https://ndi.video/).

using System.Runtime.InteropServices;

namespace StreamDiffusion.Ndi.Interop;

/// <summary><c>NDIlib_find_create_t</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NdiFindCreate
{
    public byte ShowLocalSources;
    public byte* Groups;
    public byte* ExtraIps;
}

/// <summary>An <c>NDIlib_find_instance_t</c>, released with <c>NDIlib_find_destroy</c>.</summary>
internal sealed unsafe class NdiFindHandle : SafeHandle
{
    private readonly NdiFunctionTable _functions;

    private NdiFindHandle(NdiFunctionTable functions, nint instance)
        : base(0, ownsHandle: true)
    {
        _functions = functions;
        SetHandle(instance);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a finder; null when the library refuses (it returns NULL).</summary>
    public static NdiFindHandle? Create(NdiFunctionTable functions, in NdiFindCreate settings)
    {
        fixed (NdiFindCreate* p = &settings)
        {
            var instance = functions.FindCreateV2(p);
            return instance == 0 ? null : new NdiFindHandle(functions, instance);
        }
    }

    /// <summary>Blocks up to <paramref name="timeoutMs"/> for a change of the source list; true when it changed.</summary>
    public bool WaitForSources(uint timeoutMs) => _functions.FindWaitForSources(handle, timeoutMs) != 0;

    /// <summary>The finder's current list, owned by the finder until the next call on it.</summary>
    public NdiSourceNative* GetCurrentSources(out uint count)
    {
        uint n = 0;
        var sources = _functions.FindGetCurrentSources(handle, &n);
        count = sources is null ? 0 : n;
        return sources;
    }

    /// <summary>Type tag and native address, to match the library's own traces.</summary>
    public override string ToString() => $"ndi-find 0x{handle:x}";

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _functions.FindDestroy(handle);
        return true;
    }
}
