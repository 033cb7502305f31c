import { graphql } from '../../generated/gql.js';

export const TemplatesDocument = graphql(`
  query Templates {
    templates {
      id
      key
      name
      description
      published {
        id
        version
        publishedAt
      }
      versions {
        id
        version
        status
      }
    }
  }
`);

export const TemplateVersionDetailFragment = graphql(`
  fragment TemplateVersionDetail on TemplateVersion {
    id
    version
    status
    spec
    contentHash
    author
    changelog
    createdAt
    publishedBy
    publishedAt
    problems {
      stepId
      path
      rule
      message
    }
  }
`);

export const TemplateDocument = graphql(`
  query Template($key: String!) {
    template(key: $key) {
      id
      key
      name
      description
      published {
        id
      }
      versions {
        ...TemplateVersionDetail
      }
    }
  }
`);
