import { graphql } from '../../generated/gql.js';

export const SessionUserFragment = graphql(`
  fragment SessionUser on User {
    id
    email
    displayName
    roles
  }
`);

export const SignInDocument = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      user {
        ...SessionUser
      }
    }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut {
    logout
  }
`);

export const CurrentUserDocument = graphql(`
  query CurrentUser {
    me {
      ...SessionUser
    }
  }
`);
