using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Crible.Server.Api;

/// <summary>Finds the file in a request without buffering it: the <c>file</c> part of a multipart body (streamed
/// section by section), or the raw body with its name in <c>X-Filename</c>.</summary>
internal static class UploadReader
{
    public sealed record Upload(Stream Content, string Name, Dictionary<string, string> Fields);

    /// <summary>The upload, or null when a multipart body has no <c>file</c> part. Form fields before the file part
    /// are collected (clients send passwords or metadata that way).</summary>
    public static async Task<Upload?> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var name = request.Headers["X-Filename"].ToString();
            return new Upload(request.Body, name.Length > 0 ? name : "upload", fields);
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new InvalidDataException("The multipart body has no boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        while (await reader.ReadNextSectionAsync(cancellation).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var fieldName = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (fieldName.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return new Upload(section.Body, string.IsNullOrEmpty(fileName) ? "upload" : Path.GetFileName(fileName), fields);
            }

            if (fields.Count < 32)
            {
                using var text = new StreamReader(section.Body);
                var value = await text.ReadToEndAsync(cancellation).ConfigureAwait(false);
                fields[fieldName] = value.Length > 64 * 1024 ? value[..(64 * 1024)] : value;
            }
        }

        return null;
    }
}
