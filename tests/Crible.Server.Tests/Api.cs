using System.Net.Http.Headers;
using System.Text.Json;

namespace Crible.Server.Tests;

/// <summary>Small helpers to talk to the service as a client would.</summary>
public static class Api
{
    public static MultipartFormDataContent FilePart(byte[] content, string name)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostFileAsync(HttpClient client, string url, byte[] content, string name)
    {
        using var form = FilePart(content, name);
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), form);
        return (response, await BodyAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response, await BodyAsync(response));
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
