import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertSafeKey, StorageObjectMissingError, type FileStorage } from './file-storage.js';

export interface S3Location {
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
}

/**
 * `s3://bucket[/prefix]?region=eu-west-1&endpoint=http://127.0.0.1:9000&force_path_style=true`.
 * Credentials come from the AWS SDK's standard chain (AWS_ACCESS_KEY_ID, profiles, instance roles),
 * never from the URL, so they stay out of config dumps and logs.
 */
export function parseS3Url(url: string): S3Location {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    throw new Error(
      'STORAGE_URL must not contain credentials; use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
    );
  }
  return {
    bucket: parsed.hostname,
    prefix: parsed.pathname.replace(/^\/+|\/+$/g, ''),
    region: parsed.searchParams.get('region') ?? process.env.AWS_REGION ?? 'us-east-1',
    endpoint: parsed.searchParams.get('endpoint') ?? undefined,
    forcePathStyle: parsed.searchParams.get('force_path_style') === 'true',
  };
}

export class S3FileStorage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly location: S3Location) {
    this.client = new S3Client({
      region: location.region,
      endpoint: location.endpoint,
      forcePathStyle: location.forcePathStyle,
    });
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return this.location.prefix ? `${this.location.prefix}/${key}` : key;
  }

  async put(key: string, sourcePath: string, contentType: string): Promise<void> {
    const { size } = await stat(sourcePath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.location.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(sourcePath),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
      );
      if (!(out.Body instanceof Readable)) throw new Error('S3 returned no readable body');
      return out.Body;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new StorageObjectMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
    );
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
  }
}
