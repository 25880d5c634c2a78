import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'What the client says it will upload (checked again at confirmUpload).' })
export class CreateUploadInput {
  @Field()
  filename!: string;

  @Field({ description: 'The claimed media type; the stored bytes decide at confirmation.' })
  contentType!: string;

  @Field(() => Int, { description: 'Bytes; at most 10 MB (the storage policy refuses more).' })
  size!: number;
}

@ObjectType({ description: 'One name/value pair (an HTTP header or a form field).' })
export class NameValue {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType({
  description:
    'Where and how to upload: send a multipart/form-data POST to `url` with every `fields` entry first, then the file as the `file` field. The signed policy caps the size (1 byte to 10 MB) and the key; then call confirmUpload(id).',
})
export class PresignedUpload {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field({ description: 'Always POST (a presigned POST policy; a PUT could not cap the size).' })
  method!: string;

  @Field(() => [NameValue], { description: 'Headers to send with the request.' })
  headers!: NameValue[];

  @Field(() => [NameValue], { description: 'Form fields to send before the file, in this order.' })
  fields!: NameValue[];

  @Field()
  expiresAt!: Date;
}
